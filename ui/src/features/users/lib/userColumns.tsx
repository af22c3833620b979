import type { Column } from '../../../components/DataTable';
import { formatCost, formatCount, formatTime } from '../../../components/format';
import type { UserSummary } from '../../../components/publicApi';

export const USER_COLUMNS: Column<UserSummary>[] = [
  { id: 'userId', header: 'User', mono: true, render: (u) => u.userId },
  { id: 'traceCount', header: 'Traces', numeric: true, render: (u) => formatCount(u.traceCount) },
  { id: 'totalTokens', header: 'Tokens', numeric: true, render: (u) => formatCount(u.totalTokens) },
  { id: 'totalCost', header: 'Cost', numeric: true, render: (u) => formatCost(u.totalCost) },
  { id: 'firstSeen', header: 'First seen', render: (u) => formatTime(u.firstSeen) },
  { id: 'lastSeen', header: 'Last seen', render: (u) => formatTime(u.lastSeen) },
];
