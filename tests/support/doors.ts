// Discovery of the doors that really exist, to hold the access matrix to them: the express router stack,
// SvelteKit page files and their form actions, socket.io client events, Yjs document names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC_NAME } from '../../src/lib/server/services/docs.service';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  rawPath?: string;
  handle?: { stack?: Layer[] };
}

/** Every express endpoint as `METHOD path`, by walking the router stack (express 5). */
export function expressRoutes(app: { router: { stack: Layer[] } }): string[] {
  const out = new Set<string>();
  const join2 = (a: string, b: string) => `${a}/${b}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const walk = (stack: Layer[], prefix: string) => {
    for (const l of stack) {
      if (l.route) {
        for (const [m, on] of Object.entries(l.route.methods)) if (on && m !== '_all') out.add(`${m.toUpperCase()} ${join2(prefix, l.route.path)}`);
      } else if (l.handle?.stack) walk(l.handle.stack, join2(prefix, l.rawPath ?? ''));
    }
  };
  walk(app.router.stack, '');
  return [...out].sort();
}

function filesUnder(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p, name) : f === name ? [p] : [];
  });
}

/** Every page load and form action as the matrix names them, from src/routes/**\/+page.server.ts. */
export function pageDoors(): string[] {
  const routes = join(ROOT, 'src/routes');
  const out: string[] = [];
  for (const file of filesUnder(routes, '+page.server.ts')) {
    const dir = relative(routes, file).split(sep).slice(0, -1).join('/');
    const id = `/${dir}`;
    const src = readFileSync(file, 'utf8');
    // A page answers GET whether or not it exports a load.
    out.push(`GET ${id}`);
    const m = /export\s+const\s+actions[^=]*=\s*\{([\s\S]*)\};?\s*$/m.exec(src);
    if (m) for (const name of actionNames(m[1])) out.push(name === 'default' ? `POST ${id}` : `POST ${id}?/${name}`);
  }
  for (const file of filesUnder(routes, '+server.ts')) out.push(`SERVER /${relative(routes, file).split(sep).slice(0, -1).join('/')}`);
  for (const file of filesUnder(routes, '+page.svelte')) {
    const server = join(file, '..', '+page.server.ts');
    try {
      statSync(server);
    } catch {
      out.push(`GET /${relative(routes, file).split(sep).slice(0, -1).join('/')}`);
    }
  }
  return [...new Set(out)].sort();
}

/** Top-level keys of an object literal's body (`name: async (...) => {...}` / `name(...) {...}`). */
function actionNames(body: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let i = 0;
  let atKey = true;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) atKey = true;
    else if (depth === 0 && atKey && /[\w$'"]/.test(ch)) {
      const m = /^(['"]?)([\w$]+)\1\s*(:|\()/.exec(body.slice(i));
      if (m) {
        names.push(m[2]);
        atKey = false;
        i += m[0].length - 1;
      }
    } else if (ch === '/' && body[i + 1] === '/') {
      i = body.indexOf('\n', i);
      if (i < 0) break;
    }
    i++;
  }
  return names;
}

/** Client-to-server socket events: the protocol's interface and every handler the gateway registers. */
export function socketEvents(): string[] {
  const proto = readFileSync(join(ROOT, 'src/lib/protocol/events.ts'), 'utf8');
  const iface = /export interface ClientToServer\s*\{([\s\S]*?)\n\}/.exec(proto)?.[1] ?? '';
  const names = new Set([...iface.matchAll(/^\s*'([^']+)'\s*:/gm)].map((m) => m[1]));
  const gateway = readFileSync(join(ROOT, 'server/gateways/socket.gateway.ts'), 'utf8');
  for (const m of gateway.matchAll(/socket\.on\(\s*'([^']+)'/g)) if (!['disconnect', 'disconnecting', 'error'].includes(m[1])) names.add(m[1]);
  return [...names].sort();
}

/**
 * The Yjs document name patterns DOC_NAME accepts, expanded from its source: alternatives, literal
 * groups and `\d{…}` (written `<id>`). A regex this expander cannot read fails the test, on purpose.
 */
export function yjsPatterns(): string[] {
  const src = DOC_NAME.source;
  const inner = /^\^\((.*)\)\$$/.exec(src)?.[1];
  if (!inner) throw new Error(`DOC_NAME changed shape: ${src}`);
  const expand = (s: string): string[] => {
    const alts = splitTop(s);
    if (alts.length > 1) return alts.flatMap(expand);
    const g = /\(([^()]*)\)/.exec(s);
    if (g) return g[1].split('|').flatMap((opt) => expand(s.slice(0, g.index) + opt + s.slice(g.index + g[0].length)));
    const out = s.replace(/\\d\{\d+,\d+\}|\\d\+/g, '<id>');
    if (/[\\[\]{}()*+?|^$]/.test(out)) throw new Error(`DOC_NAME part not understood: ${out}`);
    return [out];
  };
  return [...new Set(expand(inner))].sort();
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === '|' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** Missing from the table and listed but gone. */
export function compareDoors(real: string[], table: string[]): { missing: string[]; stale: string[] } {
  const t = new Set(table);
  const r = new Set(real);
  return { missing: real.filter((x) => !t.has(x)), stale: table.filter((x) => !r.has(x)) };
}
