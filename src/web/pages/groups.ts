import { asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { bindings, contacts, rooms, staff, units } from '../../db/schema.js';
import { roleName } from '../../domain/commands/registry.js';
import { shortDateTime } from '../../domain/time.js';
import { html } from '../html.js';
import { sendPage, type WebDeps } from '../server.js';

/** Groups with their building mapping, the roster with roles and who is on duty, unit bindings waiting for a person. */
export async function groupsPage(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { db, config } = deps;
  app.get('/groups', async (req, reply) => {
    const [groups, roster, pending] = await Promise.all([
      db.select().from(rooms).orderBy(asc(rooms.community), asc(rooms.building), asc(rooms.topic)),
      db.select().from(staff).orderBy(asc(staff.role), asc(staff.name)),
      db.select({ b: bindings, u: units, name: contacts.name }).from(bindings).innerJoin(units, eq(units.id, bindings.unitId))
        .leftJoin(contacts, eq(contacts.id, bindings.contactId)).where(eq(bindings.status, 'pending')).orderBy(asc(bindings.createdAt)),
    ]);
    return sendPage(req, reply, '群与员工', html`<h1>群与员工</h1>
      <section><h2>群（${groups.length}）</h2><table><thead><tr><th>群名</th><th>小区</th><th>楼栋</th><th>映射</th><th>用途</th><th>状态</th></tr></thead><tbody>
      ${groups.map((g) => html`<tr><td>${g.topic}</td><td>${g.community ?? '—'}</td><td>${g.building ?? '—'}</td>
        <td>${g.mappingConfirmed ? '已确认' : html`<span class="muted">按群名推测，请经理在群里发「本群 小区 楼栋」确认</span>`}</td>
        <td>${g.isStaffRoom ? '物业工作群' : '业主群'}</td><td>${g.active ? '在群' : '已退出'}</td></tr>`)}
      </tbody></table></section>
      <section><h2>员工名单（${roster.filter((s) => s.active).length} 位在职）</h2><table><thead><tr><th>姓名</th><th>角色</th><th>值班</th><th>状态</th><th>加入</th></tr></thead><tbody>
      ${roster.map((s) => html`<tr><td>${s.name}</td><td>${roleName(s.role)}</td><td>${s.onDuty ? '值班中' : ''}</td><td>${s.active ? '在职' : '已移除'}</td><td>${shortDateTime(s.createdAt, config.timezone)}</td></tr>`)}
      </tbody></table><p class="muted">增减员工、值班在物业工作群里用「添加员工」「移除员工」「值班」完成，按微信账号绑定。</p></section>
      <section><h2>待确认的住户绑定（${pending.length}）</h2>
      ${pending.length ? html`<table><thead><tr><th>住户</th><th>房号</th><th>申请时间</th></tr></thead><tbody>
        ${pending.map((p) => html`<tr><td>${p.name ?? '住户'}</td><td>${p.u.community} ${p.u.building}${p.u.unit}</td><td>${shortDateTime(p.b.createdAt, config.timezone)}</td></tr>`)}
      </tbody></table>` : html`<p class="muted">没有待确认的绑定。</p>`}</section>`, '/groups');
  });
}
