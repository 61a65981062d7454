// The "saved" acknowledgement on the Yjs door. y-websocket uses message types 0–3 (sync, awareness,
// auth, query awareness) and ignores others, so these ride the same socket in both directions:
//   client → server  [SAVE,  varUint n]  "tell me when everything I sent before this is committed"
//   server → client  [SAVED, varUint n]  sent once every update received on this connection before
//                                        the SAVE is in the database (a transaction has committed)
// Ordering on one WebSocket is what makes this exact: deletions included, which a state vector
// (clocks only) could not acknowledge.
export const YjsMessage = { SAVE: 100, SAVED: 101 } as const;
