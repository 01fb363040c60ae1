package dev.bramble.controller.scheduler;

import java.util.List;

/** A graph's progress: its tasks by state and by engine, the results every worker holds, transfers. */
public record GraphView(JobView job, List<String> outputs, int recomputed, List<EngineLoad> engines, List<WorkerData> workers) {

    /** Tasks of this graph on one engine. */
    public record EngineLoad(int engine, int running, int completed) {
    }

    /** Graph results one worker holds, and what it fetched from other workers. */
    public record WorkerData(String workerId, String dataUrl, int heldKeys, long heldBytes, long fetches, long fetchedBytes) {
    }
}
