package dev.atelier.test.integration;

import dev.atelier.core.Catalog;
import dev.atelier.core.JobService;
import dev.atelier.core.PipelineRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The host's services and a fresh {@link Home} for each test, emptied again after it. */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
abstract class HostTest {
    @InjectBundleContext BundleContext context;
    @InjectService ConfigurationAdmin cm;
    @InjectService PipelineRegistry registry;
    @InjectService JobService jobs;
    @InjectService Catalog catalog;
    Home home;

    @BeforeEach void createHome() throws Exception { home = new Home(cm, context, registry); }

    @AfterEach void closeHome() throws Exception { home.close(); }
}
