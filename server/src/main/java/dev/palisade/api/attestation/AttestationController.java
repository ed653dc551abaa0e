package dev.palisade.api.attestation;

import dev.palisade.api.AttestationVerdictView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.attestation.AttestationSettings;
import dev.palisade.attestation.AttestationVerdicts;
import dev.palisade.attestation.EndorsementKeys;
import dev.palisade.attestation.ReferenceValueCatalog;
import dev.palisade.attestation.ReferenceValues;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Attestation for operators: what each device must prove, what counts as good, and the verdicts. */
@RestController
class AttestationController {

    private static final String VERDICTS = "attestation-verdicts";

    private final EndorsementKeys endorsementKeys;
    private final ReferenceValueCatalog references;
    private final AttestationVerdicts verdicts;

    AttestationController(
            EndorsementKeys endorsementKeys, ReferenceValueCatalog references, AttestationVerdicts verdicts) {
        this.endorsementKeys = endorsementKeys;
        this.references = references;
        this.verdicts = verdicts;
    }

    /** Sets the endorsement key the device's TPM must hold, by hash or by its public area. */
    @PutMapping("/api/v1/devices/{deviceId}/endorsement-key")
    @RequiresPermission(Permission.ATTESTATION_MANAGE)
    EndorsementView expectEndorsementKey(
            Caller caller, @PathVariable String deviceId, @RequestBody EndorsementKeyRequest request) {
        var device = DeviceRegistry.parse("deviceId", deviceId);
        endorsementKeys.show(caller, device); // a device the caller cannot see is not found, whatever the body
        byte[] sha256;
        if (request.sha256() != null && request.publicArea() == null) {
            if (!request.sha256().matches("[0-9a-f]{64}")) {
                throw new InvalidInputException(
                        "attestation.endorsement.invalid-hash", "sha256", "sha256 is 64 lower-case hex digits");
            }
            sha256 = HexFormat.of().parseHex(request.sha256());
        } else if (request.publicArea() != null && request.sha256() == null) {
            byte[] area;
            try {
                area = Base64.getDecoder().decode(request.publicArea());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("publicArea", "publicArea is base64");
            }
            sha256 = EndorsementKeys.sha256OfPublicArea(area);
        } else {
            throw new InvalidInputException(
                    "sha256", "give either sha256 (of the key's DER SubjectPublicKeyInfo) or publicArea (base64)");
        }
        endorsementKeys.expect(caller, device, sha256);
        return EndorsementView.of(endorsementKeys.show(caller, device));
    }

    @GetMapping("/api/v1/devices/{deviceId}/endorsement-key")
    @RequiresPermission(Permission.ATTESTATION_READ)
    EndorsementView endorsementKey(Caller caller, @PathVariable String deviceId) {
        return EndorsementView.of(endorsementKeys.show(caller, DeviceRegistry.parse("deviceId", deviceId)));
    }

    /** The device's verdicts, newest first. */
    @GetMapping("/api/v1/devices/{deviceId}/attestation")
    @RequiresPermission(Permission.ATTESTATION_READ)
    PageResponse<AttestationVerdictView> verdicts(
            Caller caller,
            @PathVariable String deviceId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                VERDICTS,
                verdicts.list(
                        caller, DeviceRegistry.parse("deviceId", deviceId), Cursors.uuidKeyed(VERDICTS, cursor, limit)),
                AttestationVerdictView::of);
    }

    @PutMapping("/api/v1/attestation/references/{model}/{release}")
    @RequiresPermission(Permission.ATTESTATION_MANAGE)
    ResponseEntity<ReferenceView> putReference(
            Caller caller,
            @PathVariable String model,
            @PathVariable String release,
            @RequestBody ReferenceRequest request) {
        boolean created = references.put(caller, model, release, request.pcrs(), request.measurements());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(ReferenceView.of(references.get(caller, model, release)));
    }

    @GetMapping("/api/v1/attestation/references")
    @RequiresPermission(Permission.ATTESTATION_READ)
    List<ReferenceView> listReferences(Caller caller, @RequestParam(required = false) @Nullable String model) {
        return references.list(caller, model).stream().map(ReferenceView::of).toList();
    }

    @GetMapping("/api/v1/attestation/references/{model}/{release}")
    @RequiresPermission(Permission.ATTESTATION_READ)
    ReferenceView reference(Caller caller, @PathVariable String model, @PathVariable String release) {
        return ReferenceView.of(references.get(caller, model, release));
    }

    @DeleteMapping("/api/v1/attestation/references/{model}/{release}")
    @RequiresPermission(Permission.ATTESTATION_MANAGE)
    ResponseEntity<Void> deleteReference(Caller caller, @PathVariable String model, @PathVariable String release) {
        references.delete(caller, model, release);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/attestation/settings")
    @RequiresPermission(Permission.ATTESTATION_READ)
    SettingsView settings(Caller caller) {
        return SettingsView.of(references.settings(caller));
    }

    @PutMapping("/api/v1/attestation/settings")
    @RequiresPermission(Permission.ATTESTATION_MANAGE)
    SettingsView putSettings(Caller caller, @RequestBody SettingsView request) {
        Duration interval = null;
        if (request.reattestationInterval() != null) {
            try {
                interval = Duration.parse(request.reattestationInterval());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                        "reattestationInterval", "an ISO-8601 duration such as PT24H, or null for none");
            }
        }
        Duration reenrolWindow = duration("reenrolmentRequiresPassWithin", request.reenrolmentRequiresPassWithin());
        Duration cap = duration("certificateLifetimeFromPass", request.certificateLifetimeFromPass());
        AttestationSettings settings;
        try {
            settings = new AttestationSettings(
                    interval,
                    Boolean.TRUE.equals(request.quarantineOnFailure()),
                    !Boolean.FALSE.equals(request.acceptBootLogs()),
                    reenrolWindow,
                    cap);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new InvalidInputException(
                    message.contains("re-enrolment")
                            ? "reenrolmentRequiresPassWithin"
                            : message.contains("certificate") ? "certificateLifetimeFromPass" : "reattestationInterval",
                    message);
        }
        return SettingsView.of(references.putSettings(caller, settings));
    }

    private static @Nullable Duration duration(String field, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "an ISO-8601 duration such as PT24H, or null for none");
        }
    }

    /**
     * @param sha256 SHA-256 of the endorsement key's DER SubjectPublicKeyInfo, hex
     * @param publicArea the endorsement key's public area ({@code tpm2_createek -u}), base64, instead
     */
    record EndorsementKeyRequest(
            @Nullable String sha256, @Nullable String publicArea) {}

    record EndorsementView(
            String deviceId,
            @Nullable String sha256,
            @Nullable Instant updatedAt,
            @Nullable String attestationKeyName,
            @Nullable Instant attestationKeyBoundAt) {

        static EndorsementView of(EndorsementKeys.Expectation expectation) {
            return new EndorsementView(
                    expectation.device().value(),
                    expectation
                            .endorsementKeySha256()
                            .map(HexFormat.of()::formatHex)
                            .orElse(null),
                    expectation.updatedAt().orElse(null),
                    expectation
                            .attestationKeyName()
                            .map(HexFormat.of()::formatHex)
                            .orElse(null),
                    expectation.boundAt().orElse(null));
        }
    }

    /**
     * @param pcrs PCR values per bank ({@code sha256}) and index ("0" … "23"), lower-case hex
     * @param measurements boot-log digests per component, lower-case hex
     */
    record ReferenceRequest(
            @Nullable Map<String, Map<String, String>> pcrs,
            @Nullable Map<String, String> measurements) {}

    record ReferenceView(
            String model,
            String release,
            SortedMap<String, SortedMap<Integer, String>> pcrs,
            SortedMap<String, String> measurements,
            Instant createdAt,
            String createdBy) {

        static ReferenceView of(ReferenceValues values) {
            return new ReferenceView(
                    values.model(),
                    values.release(),
                    values.pcrs(),
                    values.measurements(),
                    values.createdAt(),
                    values.createdBy());
        }
    }

    /**
     * @param reattestationInterval ISO-8601 duration every active device must pass within, or null for none
     * @param quarantineOnFailure whether a failing verdict quarantines the device at once
     * @param acceptBootLogs whether signed boot logs may pass
     * @param certificateLifetimeFromPass ISO-8601: a device certificate ends no later than this after the device's
     *     latest pass; null for no cap
     */
    record SettingsView(
            @Nullable String reattestationInterval,
            @Nullable Boolean quarantineOnFailure,
            @Nullable Boolean acceptBootLogs,
            @Nullable String reenrolmentRequiresPassWithin,
            @Nullable String certificateLifetimeFromPass) {

        static SettingsView of(AttestationSettings settings) {
            Duration interval = settings.reattestationInterval();
            Duration reenrolWindow = settings.reenrolmentRequiresPassWithin();
            Duration cap = settings.certificateLifetimeFromPass();
            return new SettingsView(
                    interval == null ? null : interval.toString(),
                    settings.quarantineOnFailure(),
                    settings.acceptBootLogs(),
                    reenrolWindow == null ? null : reenrolWindow.toString(),
                    cap == null ? null : cap.toString());
        }
    }
}
