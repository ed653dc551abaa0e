package dev.palisade.api.metrics;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.tenancy.Permission;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The server's metrics in Prometheus' text format, for a scraper holding an API token of a platform administrator:
 * the figures add up every tenant's traffic, so no tenant's operator may read them.
 */
@RestController
class MetricsController {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(
            value = "/api/v1/metrics",
            produces = {"text/plain", "*/*"})
    @RequiresPermission(Permission.TENANTS_MANAGE)
    ResponseEntity<String> scrape() {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }
}
