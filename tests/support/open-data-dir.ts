// Run as a separate process by the lock test: opens a PGlite data directory the way server/index.ts
// does and reports through its exit code (0 opened, 3 refused by the lock, 1 anything else).
import { openDatabase } from '../../src/lib/server/db/client';
import { DataDirLockedError } from '../../src/lib/server/db/lock';

const dir = process.argv[2];
try {
  const database = await openDatabase({ dataDir: dir });
  await database.close();
  console.log('opened');
  process.exit(0);
} catch (err) {
  if (err instanceof DataDirLockedError) {
    console.error(`${err.name}: ${err.message}`);
    process.exit(3);
  }
  console.error(err);
  process.exit(1);
}
