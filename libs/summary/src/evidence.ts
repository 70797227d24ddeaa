import type { EventInfo } from './cluster-index.js';
import type { Condition, ContainerState, ContainerStatus } from './kube-types.js';
import { formatAge, shorten } from './text.js';

/** Longest cluster-provided message kept in one evidence line, in characters. */
export const MAX_MESSAGE_CHARS = 160;
/** Most events quoted as evidence of one finding. */
export const MAX_EVIDENCE_EVENTS = 3;

/** `Ready=False (ContainersNotReady): containers with unready status: [app]`. */
export function conditionLine(condition: Condition): string {
  const reason = condition.reason ? ` (${condition.reason})` : '';
  const message = condition.message ? `: ${shorten(condition.message, MAX_MESSAGE_CHARS)}` : '';
  return `condition ${condition.type}=${condition.status}${reason}${message}`;
}

/** `terminated OOMKilled, exit 137` / `waiting CrashLoopBackOff` / `running`. */
export function stateText(state: ContainerState | undefined): string | undefined {
  if (!state) return undefined;
  if (state.waiting) return `waiting ${state.waiting.reason ?? ''}`.trim();
  if (state.terminated) {
    const t = state.terminated;
    const signal = t.signal ? `, signal ${t.signal}` : '';
    return `terminated ${t.reason ?? ''}${t.exitCode === undefined ? '' : `, exit ${t.exitCode}`}${signal}`.replace('terminated ,', 'terminated,');
  }
  if (state.running) return 'running';
  return undefined;
}

/** `container app: waiting CrashLoopBackOff; last terminated OOMKilled, exit 137; 12 restarts`. */
export function containerLine(status: ContainerStatus, init: boolean): string {
  const parts = [`${init ? 'init container' : 'container'} ${status.name}: ${stateText(status.state) ?? 'unknown state'}`];
  const last = stateText(status.lastState);
  if (last) parts.push(`last ${last}`);
  if (status.restartCount) parts.push(`${status.restartCount} restarts`);
  const message = status.state?.waiting?.message ?? status.state?.terminated?.message;
  if (message) parts.push(shorten(message, MAX_MESSAGE_CHARS));
  return parts.join('; ');
}

/** `event Warning BackOff x40, 2m ago: Back-off restarting failed container`. */
export function eventLine(event: EventInfo, now: number): string {
  const count = event.count > 1 ? ` x${event.count}` : '';
  const age = event.time === undefined ? '' : `, ${formatAge(now - event.time)} ago`;
  return `event ${event.type} ${event.reason}${count}${age}: ${shorten(event.message, MAX_MESSAGE_CHARS)}`;
}

/**
 * Up to {@link MAX_EVIDENCE_EVENTS} event lines, newest first; Warning events only unless
 * `reasons` picks specific ones.
 */
export function eventLines(events: readonly EventInfo[], now: number, reasons?: readonly string[]): string[] {
  const picked = events.filter((e) => (reasons ? reasons.includes(e.reason) : e.type === 'Warning'));
  return picked.slice(0, MAX_EVIDENCE_EVENTS).map((e) => eventLine(e, now));
}

/** The newest time among events, ms. */
export function newestEventTime(events: readonly EventInfo[]): number | undefined {
  let newest: number | undefined;
  for (const e of events) if (e.time !== undefined && (newest === undefined || e.time > newest)) newest = e.time;
  return newest;
}
