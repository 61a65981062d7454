import type { Lang } from '$lib/protocol/errors';
import type { Runtime } from '$lib/server/runtime/runtime';
import type { ResolvedSession } from '$lib/server/services/auth.service';

declare global {
  namespace App {
    interface Locals {
      runtime: Runtime;
      lang: Lang;
      session: ResolvedSession | null;
      sessionToken: string | undefined;
    }
    /** adapter-node's: the Node request, here express's (with `ip`, which honours `trust proxy`). */
    interface Platform {
      req?: { ip?: string };
    }
    interface Error {
      code?: string;
      message: string;
    }
  }
}

export {};
