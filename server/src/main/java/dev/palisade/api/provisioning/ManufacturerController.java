package dev.palisade.api.provisioning;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.provisioning.ProvisioningViews.EntryView;
import dev.palisade.api.provisioning.ProvisioningViews.ManifestView;
import dev.palisade.api.provisioning.ProvisioningViews.ManufacturerView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.provisioning.ManifestEntries;
import dev.palisade.provisioning.ManifestImport;
import dev.palisade.provisioning.Manufacturers;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manufacturers of the caller's tenant and their signed manifests. A manifest is CMS SignedData (PEM, or base64
 * DER) over the JSON manifest (docs/provisioning.md); a refused one answers 400 with its reason code and stores
 * nothing.
 */
@RestController
class ManufacturerController {

    private final Manufacturers manufacturers;
    private final ManifestImport manifests;
    private final ManifestEntries entries;
    private final IdempotentCreation idempotent;

    ManufacturerController(
            Manufacturers manufacturers,
            ManifestImport manifests,
            ManifestEntries entries,
            IdempotentCreation idempotent) {
        this.manufacturers = manufacturers;
        this.manifests = manifests;
        this.entries = entries;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/manufacturers")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ResponseEntity<Object> register(
            Caller caller,
            @RequestBody NewManufacturer request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/manufacturers",
                request,
                () -> ManufacturerView.of(
                        manufacturers.register(caller, request.name(), request.signingKey(), request.bootstrapCas())),
                view -> view);
    }

    @GetMapping("/api/v1/manufacturers")
    @RequiresPermission(Permission.PROVISIONING_READ)
    ManufacturerList list(Caller caller) {
        return new ManufacturerList(
                manufacturers.list(caller).stream().map(ManufacturerView::of).toList());
    }

    @GetMapping("/api/v1/manufacturers/{manufacturer}")
    @RequiresPermission(Permission.PROVISIONING_READ)
    ManufacturerView get(Caller caller, @PathVariable String manufacturer) {
        return ManufacturerView.of(manufacturers.get(caller, manufacturer));
    }

    @PostMapping("/api/v1/manufacturers/{manufacturer}/manifests")
    @RequiresPermission(Permission.PROVISIONING_MANAGE)
    ResponseEntity<Object> importManifest(
            Caller caller,
            @PathVariable String manufacturer,
            @RequestBody SignedManifest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/manufacturers/" + manufacturer + "/manifests",
                request,
                () -> ManifestView.of(manifests.importManifest(caller, manufacturer, request.signedManifest())),
                view -> view);
    }

    /** What the manifests say about a device, newest entry first. */
    @GetMapping("/api/v1/devices/{deviceId}/manifest-entries")
    @RequiresPermission(Permission.PROVISIONING_READ)
    EntryList entries(Caller caller, @PathVariable String deviceId) {
        return new EntryList(entries.of(caller, DeviceRegistry.parse("deviceId", deviceId)).stream()
                .map(EntryView::of)
                .toList());
    }

    /**
     * @param signingKey PEM public key, or PEM certificate, that signs the manufacturer's manifests
     * @param bootstrapCas PEM certificates of the CAs that issue its devices' bootstrap certificates
     */
    record NewManufacturer(
            @Nullable String name,
            @Nullable String signingKey,
            @Nullable List<String> bootstrapCas) {}

    /** @param signedManifest CMS SignedData with the manifest inside, PEM or base64 DER */
    record SignedManifest(@Nullable String signedManifest) {}

    record ManufacturerList(List<ManufacturerView> manufacturers) {}

    record EntryList(List<EntryView> entries) {}
}
