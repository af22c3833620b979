package io.glasshouse.storage;

import io.glasshouse.model.ObservationRow;
import io.glasshouse.model.ProjectId;
import io.glasshouse.model.TraceRow;
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

/**
 * The list reads behind the public API. Like {@link EventStore}, every read takes the project and
 * sees only the newest live version of each row. Unknown columns or filter types in a request are
 * answered with a 400 {@code GlasshouseException}.
 */
public interface EventQueries {
    Page<TraceSummary> listTraces(ProjectId project, TraceListRequest request);

    /** The traces of these ids the project has, by id, without input, output and metadata. */
    Map<String, TraceRow> findTraces(ProjectId project, Collection<String> traceIds);

    /** Page-based when the request has a page (total counted), cursor-based otherwise (total -1). */
    Page<ObservationRow> listObservations(ProjectId project, ObservationListRequest request);

    Page<SessionSummary> listSessions(ProjectId project, PageRequest page, TimeRange range, List<String> environments);

    Optional<SessionSummary> findSession(ProjectId project, String sessionId);

    /** The session's traces, oldest first. */
    List<TraceRow> sessionTraces(ProjectId project, String sessionId);

    Page<UserSummary> listUsers(ProjectId project, PageRequest page, TimeRange range);

    Optional<UserSummary> findUser(ProjectId project, String userId, TimeRange range);
}
