package dev.bramble.lazy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar for every {@code compute} while it is open, on any scheduler, like dask's
 * {@code ProgressBar}:
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.show()) {
 *     total.compute();
 * }
 * }</pre>
 */
public final class ProgressBar implements AutoCloseable {

    private static final List<ProgressBar> OPEN = new CopyOnWriteArrayList<>();

    private ProgressBar() {
    }

    /** Shows a bar on standard error for each computation until {@link #close()}. */
    public static ProgressBar show() {
        ProgressBar bar = new ProgressBar();
        OPEN.add(bar);
        return bar;
    }

    @Override
    public void close() {
        OPEN.remove(this);
    }

    /** What a scheduler tells about one computation; does nothing when no bar is open. */
    static Tracker track(int tasks, String scheduler) {
        if (OPEN.isEmpty()) {
            return Tracker.NONE;
        }
        var bar = new ProgressBarBuilder().setTaskName(scheduler).setInitialMax(tasks).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200).continuousUpdate().build();
        return new Tracker() {
            @Override
            public void done(long finished) {
                bar.stepTo(finished);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** The progress of one computation. */
    interface Tracker extends AutoCloseable {
        Tracker NONE = new Tracker() {
            @Override
            public void done(long finished) {
            }

            @Override
            public void close() {
            }
        };

        /** How many tasks finished so far. */
        void done(long finished);

        @Override
        void close();
    }
}
