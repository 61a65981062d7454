import type { PageServerLoad } from './$types';

// The catalogue is public; everything about cases comes from the API with the device token.
export const load: PageServerLoad = async ({ locals }) => ({ items: await locals.runtime.services.catalogue.listPublic() });
