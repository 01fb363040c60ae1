package dev.bramble.client;

import dev.bramble.client.internal.GraphClient;
import dev.bramble.client.internal.Values;
import dev.bramble.client.wire.model.Code;
import dev.bramble.client.wire.model.GraphPartRequest;
import dev.bramble.client.wire.model.GraphRequest;
import dev.bramble.client.wire.model.GraphTask;
import dev.bramble.client.wire.model.Job;
import dev.bramble.client.wire.model.JobState;
import dev.bramble.client.wire.model.TaskError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.LongConsumer;

/** Runs graphs of the lazy collections on a client's cluster through {@code POST /api/v1/graphs}. */
final class ClientGraphs implements GraphClient {

    private final Session session;

    ClientGraphs(Session session) {
        this.session = session;
    }

    @Override
    public Object encode(Object value) {
        return Values.encode(value, session.blobs);
    }

    @Override
    public Outcome run(List<Task> tasks, List<String> outputs, boolean persist, String label, LongConsumer progress) {
        // A very large graph goes in parts; each part carries the codes its tasks name, each lambda once.
        String draft = null;
        for (int from = 0; from + PART < tasks.size(); from += PART) {
            Part part = part(tasks.subList(from, from + PART));
            GraphPartRequest request = new GraphPartRequest().draft(draft).tasks(part.tasks()).codes(part.codes());
            draft = session.wire.call(() -> session.wire.graphs.addGraphPart(request), false).getDraft();
        }
        Part last = part(tasks.subList(tasks.size() - ((tasks.size() - 1) % PART + 1), tasks.size()));
        GraphRequest request = new GraphRequest().tasks(last.tasks()).outputs(outputs).persist(persist).label(label).codes(last.codes())
                .draft(draft);
        Job submitted = session.wire.call(() -> session.wire.graphs.submitGraph(request, 0.0), false);
        AsyncResult<List<Object>> result = new AsyncResult<>(session, submitted, values -> values);
        while (!result.waitFor(Duration.ofMillis(500))) {
            progress.accept(finished(result.job()));
        }
        Job job = result.job();
        progress.accept(finished(job));
        if (job.getState() == JobState.COMPLETED) {
            return new Outcome(result.join(), null, null);
        }
        if (job.getErrors() == null || job.getErrors().isEmpty()) {
            throw new CancellationException("graph job " + job.getId() + " was cancelled");
        }
        TaskError first = job.getErrors().stream().filter(e -> !"DependencyError".equals(e.getType())).findFirst()
                .orElse(job.getErrors().get(0));
        RemoteException failure = new RemoteException(first.getTaskId(), first.getEngine(), first.getType(), first.getMessage(),
                first.getStackTrace() == null ? List.of() : first.getStackTrace());
        return new Outcome(null, first.getKey(), failure);
    }

    /** Tasks in one request at most; a larger graph is sent in parts. */
    static final int PART = 50_000;

    private record Part(List<GraphTask> tasks, List<Code> codes) {
    }

    private Part part(List<Task> tasks) {
        List<GraphTask> wire = new ArrayList<>(tasks.size());
        Map<Object, Integer> byLambda = new IdentityHashMap<>();
        Map<String, Integer> byContent = new HashMap<>();
        List<Code> codes = new ArrayList<>();
        for (Task t : tasks) {
            GraphTask g = new GraphTask().key(t.key()).function(t.function());
            if (t.code() != null) {
                g.codeIndex(byLambda.computeIfAbsent(t.code(), lambda -> {
                    Code code = session.code(t.code());
                    return byContent.computeIfAbsent(code.getBundle() + " " + Base64.getEncoder().encodeToString(code.getLambda()), k -> {
                        codes.add(code);
                        return codes.size() - 1;
                    });
                }));
            }
            g.setArgs(t.args());
            wire.add(g);
        }
        return new Part(wire, codes);
    }

    private static long finished(Job j) {
        var p = j.getProgress();
        return (long) p.getCompleted() + p.getFailed() + p.getCancelled() + p.getSkipped();
    }

    @Override
    public void release(String key) {
        session.wire.call(() -> session.wire.graphs.releaseData(key), true);
    }
}
