package dev.atelier.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test void anAbandonedWorkerIsReplacedAndReclaimedWhenItReturns() throws Exception {
        WorkerPool pool = new WorkerPool(2);
        try {
            CountDownLatch release = new CountDownLatch(1), stuckStarted = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> {
                    stuckStarted.countDown();
                    try {
                        release.await(); // ignores nothing, but never ends by itself
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(stuckStarted.await(5, TimeUnit.SECONDS));
            pool.abandon();
            pool.abandon();
            CountDownLatch ran = new CountDownLatch(2);
            pool.submit(ran::countDown);
            pool.submit(ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS), "new work runs while both original workers are stuck");
            assertEquals(2, pool.width());
            assertEquals(2, pool.abandoned());
            release.countDown();
            pool.reclaim();
            pool.reclaim();
            assertEquals(0, pool.abandoned());
            CountDownLatch after = new CountDownLatch(1);
            pool.submit(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
