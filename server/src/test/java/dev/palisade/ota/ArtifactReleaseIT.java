package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/**
 * Releases of artifacts: the security version of a model, hardware revision and tier never goes down, versions are
 * unique, and publishing is audited and announced for TUF signing.
 */
class ArtifactReleaseIT extends WithServer {

    @Autowired
    ConfigurableApplicationContext context;

    private final List<ReleasePublished> announced = new CopyOnWriteArrayList<>();
    private final ApplicationListener<ApplicationEvent> listener = event -> {
        if (event instanceof PayloadApplicationEvent<?> payload
                && payload.getPayload() instanceof ReleasePublished published) {
            announced.add(published);
        }
    };

    private TestTenant tenant;
    private OtaClient ota;
    private String artifact;
    private byte[] content;

    @BeforeEach
    void tenant() {
        context.addApplicationListener(listener);
        tenant = newTenant();
        ota = new OtaClient(api, tenant.adminToken());
        content = OtaClient.content(5000);
        artifact = ota.artifact("gateway-os-3.1.0.img", content);
    }

    @AfterEach
    void stopListening() {
        context.removeApplicationListener(listener);
    }

    @Test
    void publishingAuditsAndAnnouncesWhatTheTargetsEntryNeeds() {
        ApiResponse draft = ota.createRelease("gw-100", "rev-b", "3.1.0", "os", 7, artifact);

        ApiResponse published = ota.publish(draft.text("id"));

        assertThat(draft.status()).as(draft.rawBody()).isEqualTo(201);
        assertThat(draft.text("state")).isEqualTo("draft");
        assertThat(published.status()).as(published.rawBody()).isEqualTo(200);
        assertThat(published.text("state")).isEqualTo("published");
        assertThat(published.text("sha256")).isEqualTo(OtaClient.sha256(content));
        List<JsonNode> audited = new TenantPki(api, tenant).auditRecords("ota.release-published");
        assertThat(audited).hasSize(1);
        assertThat(audited.getFirst().path("target").asString()).isEqualTo("release:" + draft.text("id"));
        assertThat(audited.getFirst().path("details").path("securityVersion").asString())
                .isEqualTo("7");
        assertThat(announced).hasSize(1);
        ReleasePublished event = announced.getFirst();
        assertThat(event.release().toString()).isEqualTo(draft.text("id"));
        assertThat(event.tenant().toString()).isEqualTo(tenant.id());
        assertThat(event.model()).isEqualTo("gw-100");
        assertThat(event.hardwareRevision()).isEqualTo("rev-b");
        assertThat(event.tier()).isEqualTo(UpdateTier.OS);
        assertThat(event.securityVersion()).isEqualTo(7);
        assertThat(event.sha256().hex()).isEqualTo(OtaClient.sha256(content));
        assertThat(event.length()).isEqualTo(content.length);
    }

    @Test
    void publishingAgainChangesNothing() {
        String release =
                ota.createRelease("gw-100", "rev-b", "3.1.0", "os", 1, artifact).text("id");
        ota.publish(release);

        ApiResponse again = ota.publish(release);

        assertThat(again.status()).isEqualTo(200);
        assertThat(new TenantPki(api, tenant).auditRecords("ota.release-published"))
                .hasSize(1);
        assertThat(announced).hasSize(1);
    }

    @Test
    void releaseBelowThePublishedSecurityVersionIsRefused() {
        ota.published("gw-100", "rev-b", "3.1.0", "os", 5, artifact);

        ApiResponse lower = ota.createRelease("gw-100", "rev-b", "3.0.9", "os", 4, artifact);
        ApiResponse equal = ota.createRelease("gw-100", "rev-b", "3.1.1", "os", 5, artifact);
        ApiResponse otherTier = ota.createRelease("gw-100", "rev-b", "1.0.0", "config", 0, artifact);
        ApiResponse otherRevision = ota.createRelease("gw-100", "rev-a", "3.0.9", "os", 4, artifact);

        assertThat(lower.status()).isEqualTo(409);
        assertThat(lower.code()).isEqualTo("ota.release.security-version-below-floor");
        assertThat(lower.rawBody()).contains("below 5");
        assertThat(equal.status()).as(equal.rawBody()).isEqualTo(201);
        assertThat(otherTier.status()).as("each tier has its own floor").isEqualTo(201);
        assertThat(otherRevision.status())
                .as("each hardware revision has its own floor")
                .isEqualTo(201);
    }

    @Test
    void draftOvertakenByAHigherPublicationCannotBePublished() {
        String older =
                ota.createRelease("gw-100", "rev-b", "3.0.0", "os", 3, artifact).text("id");
        String newer =
                ota.createRelease("gw-100", "rev-b", "3.1.0", "os", 8, artifact).text("id");
        ota.publish(newer);

        ApiResponse refused = ota.publish(older);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("ota.release.security-version-below-floor");
        assertThat(api.get("/api/v1/ota/releases/" + older, tenant.adminToken()).text("state"))
                .isEqualTo("draft");
        assertThat(announced).hasSize(1);
    }

    @Test
    void versionIsUniquePerModelRevisionAndTier() {
        ota.createRelease("gw-100", "rev-b", "3.1.0", "application", 1, artifact);

        ApiResponse duplicate = ota.createRelease("gw-100", "rev-b", "3.1.0", "application", 2, artifact);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("ota.release.version-exists");
    }

    @Test
    void releasesAreListedWithFilters() {
        ota.createRelease("gw-100", "rev-b", "3.1.0", "os", 1, artifact);
        ota.published("gw-100", "rev-b", "1.0.0", "config", 1, artifact);

        JsonNode published = api.get("/api/v1/ota/releases?state=published", tenant.adminToken())
                .body();
        JsonNode os = api.get("/api/v1/ota/releases?tier=os&model=gw-100", tenant.adminToken())
                .body();

        assertThat(published.path("items")).hasSize(1);
        assertThat(published.path("items").get(0).path("tier").asString()).isEqualTo("config");
        assertThat(os.path("items")).hasSize(1);
        assertThat(os.path("items").get(0).path("version").asString()).isEqualTo("3.1.0");
    }

    @Test
    void releaseOfAnotherTenantsArtifactIsRefused() {
        String theirs = new OtaClient(api, newTenant().adminToken()).artifact("theirs.img", OtaClient.content(100));

        ApiResponse refused = ota.createRelease("gw-100", "rev-b", "3.1.0", "os", 1, theirs);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("ota.release.unknown-artifact");
    }
}
