import type { Wechaty } from 'wechaty';
import { createWechaty, wireWechaty, WechatyMediaSource, WechatyTransport, type WiringHooks } from './adapters/wechaty/bot.js';
import { createCore, type Core, type CoreDeps } from './core.js';

export interface BotDeps extends Omit<CoreDeps, 'transport' | 'account'> {
  /** the Wechaty instance name */
  name: string;
  /** a ready puppet (puppet-mock in the simulator and tests); otherwise the puppet service from the configuration */
  puppet?: unknown;
  /** the account's id, which keys its send rate limit; defaults to the instance name */
  account?: string;
  hooks?: WiringHooks;
}

/** the reason wechaty-puppet gives for the logout it emits when the puppet is stopped */
const STOPPED = 'puppet stop()';

export interface Bot {
  wechaty: Wechaty;
  core: Core;
}

/** The whole bot: the core behind one Wechaty. `npm start`, the simulator and the tests all build it here. */
export function createBot(deps: BotDeps): Bot {
  const wechaty = createWechaty({ name: deps.name, puppet: deps.puppet, config: deps.config });
  const core = createCore({
    ...deps, transport: new WechatyTransport(wechaty), mediaSource: new WechatyMediaSource(wechaty), account: deps.account ?? deps.name,
  });
  const hooks = deps.hooks ?? {};
  wireWechaty(wechaty, core.recorder, deps.clock, deps.config, deps.log, {
    ...hooks,
    onLogin: (user) => {
      // the groups this account is in are its own from now on; a rebalance shares out the ones other accounts are in too
      void (async () => {
        await core.presence.login(user.id);
        const rooms = await wechaty.Room.findAll().catch(() => []);
        await core.recorder.roomsSeen(rooms.map((r) => ({ roomId: r.id, topic: r.payload?.topic ?? null })));
        await core.presence.rebalance();
      })().catch((e: unknown) => deps.log.error('recording the login failed', { error: String(e) })).finally(() => hooks.onLogin?.(user));
    },
    onLogout: (user, reason) => {
      // Stopping the process stops the puppet, which reports a logout: that is not the WeChat
      // account leaving. A stopped process's heartbeat goes stale instead, and a quick restart
      // (a deploy) moves nothing and reports nothing.
      if (reason !== STOPPED) {
        void core.presence.logout().then(() => core.presence.rebalance())
          .catch((e: unknown) => deps.log.error('recording the logout failed', { error: String(e) }));
      }
      hooks.onLogout?.(user, reason);
    },
  });
  return { wechaty, core };
}
