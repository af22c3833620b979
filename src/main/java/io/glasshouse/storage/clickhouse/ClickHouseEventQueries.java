package io.glasshouse.storage.clickhouse;

import static java.util.Objects.requireNonNull;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
import io.glasshouse.storage.EventQueries;
import io.glasshouse.storage.query.ObservationListRequest;
import io.glasshouse.storage.query.Page;
import io.glasshouse.storage.query.PageRequest;
import io.glasshouse.storage.query.SessionSummary;
import io.glasshouse.storage.query.TimeRange;
import io.glasshouse.storage.query.TraceListRequest;
import io.glasshouse.storage.query.TraceSummary;
import io.glasshouse.storage.query.UserSummary;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The list reads on ClickHouse, one class per query. */
public final class ClickHouseEventQueries implements EventQueries {
    private final TraceListQuery traces;
    private final ObservationListQuery observations;
    private final SessionQueries sessions;
    private final UserQueries users;

    public ClickHouseEventQueries(ClickHouse clickHouse) {
        requireNonNull(clickHouse, "clickHouse is null");
        this.traces = new TraceListQuery(clickHouse);
        this.observations = new ObservationListQuery(clickHouse);
        this.sessions = new SessionQueries(clickHouse);
        this.users = new UserQueries(clickHouse);
    }

    @Override
    public Page<TraceSummary> listTraces(ProjectId project, TraceListRequest request) {
        return traces.list(project, request);
    }

    @Override
    public Map<String, TraceRow> findTraces(ProjectId project, Collection<String> traceIds) {
        return traceIds.isEmpty() ? Map.of() : traces.rows(project, List.copyOf(traceIds), false);
    }

    @Override
    public Page<ObservationRow> listObservations(ProjectId project, ObservationListRequest request) {
        return observations.list(project, request);
    }

    @Override
    public Page<SessionSummary> listSessions(ProjectId project, PageRequest page, TimeRange range, List<String> environments) {
        return sessions.list(project, page, range, environments);
    }

    @Override
    public Optional<SessionSummary> findSession(ProjectId project, String sessionId) {
        return sessions.find(project, sessionId);
    }

    @Override
    public List<TraceRow> sessionTraces(ProjectId project, String sessionId) {
        return sessions.traces(project, sessionId);
    }

    @Override
    public Page<UserSummary> listUsers(ProjectId project, PageRequest page, TimeRange range) {
        return users.list(project, page, range);
    }

    @Override
    public Optional<UserSummary> findUser(ProjectId project, String userId, TimeRange range) {
        return users.find(project, userId, range);
    }
}
