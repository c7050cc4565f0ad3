import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Harness } from '../foundation/harness.js';

/** What a signed-in console session can do over `inject`: GET a page, POST a form with its CSRF token. */
export interface ConsoleSession {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload: Record<string, string>): Promise<LightMyRequestResponse>;
}

function cookie(raw: string | string[] | number | undefined, name: string): string {
  return (Array.isArray(raw) ? raw : [String(raw)]).find((c) => c.startsWith(`${name}=`))!.split(';')[0]!.slice(name.length + 1);
}

/** Signs `name` in through the simulator's demo sign-in, as a browser would, without a browser. */
export async function signInDemo(app: FastifyInstance, h: Harness, name: string): Promise<ConsoleSession> {
  const login = await app.inject({ method: 'GET', url: '/login' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
  const res = await app.inject({
    method: 'POST', url: '/login/demo', cookies: { linli_login: cookie(login.headers['set-cookie'], 'linli_login') },
    payload: { _csrf: csrf, contactId: h.personId(name) },
  });
  const session = cookie(res.headers['set-cookie'], 'linli_session');
  const page = await app.inject({ method: 'GET', url: '/notices', cookies: { linli_session: session } });
  const token = /data-csrf="([^"]+)"/.exec(page.body)![1]!;
  return {
    get: (url) => app.inject({ method: 'GET', url, cookies: { linli_session: session } }),
    post: (url, payload) => app.inject({ method: 'POST', url, cookies: { linli_session: session }, payload: { ...payload, _csrf: token } }),
  };
}
