package dev.atelier.core.internal;

import dev.atelier.api.ImageSource;
import dev.atelier.api.StepContext;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.function.DoubleConsumer;

/** The context one step gets while it runs on one input. */
final class StepContextImpl implements StepContext {
    private final JobImpl.FileTask task;
    private final Map<String, Object> parameters;
    private final DoubleConsumer progress;

    StepContextImpl(JobImpl.FileTask task, Map<String, Object> parameters, DoubleConsumer progress) {
        this.task = task;
        this.parameters = parameters;
        this.progress = progress;
    }

    @Override public <T> T parameters(Class<T> type) { return ParameterProxy.create(type, parameters); }

    @Override public Map<String, Object> parameterMap() { return parameters; }

    @Override public String pipeline() { return task.job().pipeline(); }

    @Override public ImageSource input() { return task.source(); }

    @Override public Path baseDirectory() { return task.job().baseDirectory(); }

    @Override public void progress(double fraction) {
        progress.accept(Math.max(0, Math.min(1, fraction)));
    }

    @Override public boolean isCancelled() { return task.stopReason() != null; }

    @Override public void checkCancelled() {
        String reason = task.stopReason();
        if (reason != null) throw new java.util.concurrent.CancellationException(reason);
    }

    @Override public void attach(String name, Object value) { task.attachments().put(name, value); }

    @Override public Map<String, Object> attachments() { return Collections.unmodifiableMap(task.attachments()); }

    @Override public void log(String message) { task.log(message); }
}
