package dev.atelier.core.internal;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job workers: a fixed number of threads at work, whatever plugins do to them. A worker whose
 * step ignored cancellation is abandoned (it may never come back), and the pool grows by one thread
 * in its place; when the abandoned thread does return, the pool shrinks again. So a spinning plugin
 * costs the host a thread, never a worker.
 */
final class WorkerPool {
    private final ThreadPoolExecutor executor;
    private int width;
    private int abandoned;

    WorkerPool(int width) {
        this.width = width;
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(width, width, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "atelier-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    /** Threads that run jobs (abandoned ones not counted). */
    synchronized int width() { return width; }

    synchronized int abandoned() { return abandoned; }

    /** Sets the number of working threads (the configuration changed). */
    synchronized void resize(int newWidth) {
        width = newWidth;
        apply();
    }

    /** A worker is stuck in a step that will not stop: another thread takes its place. */
    synchronized void abandon() {
        abandoned++;
        apply();
    }

    /** An abandoned worker came back: the pool returns to its width. */
    synchronized void reclaim() {
        abandoned = Math.max(0, abandoned - 1);
        apply();
    }

    private void apply() {
        int size = width + abandoned;
        // the maximum must never be below the core size, so grow the maximum first and shrink it last
        if (size >= executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(size);
            executor.setCorePoolSize(size);
        } else {
            executor.setCorePoolSize(size);
            executor.setMaximumPoolSize(size);
        }
    }

    void shutdownNow() {
        executor.shutdownNow();
    }
}
