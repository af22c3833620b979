import type { TraceSummary } from '../../../components/publicApi';

/** The session's traces as turns of a conversation: oldest first, ties broken by id. */
export function conversationTurns(traces: readonly TraceSummary[]): TraceSummary[] {
  return [...traces].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id));
}
