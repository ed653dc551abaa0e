package dev.palisade.api.ota;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.ota.TufRepository;
import dev.palisade.ota.TufRootImport;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's TUF repository as operators see it: the public keys the server holds (which the offline root ceremony
 * must name), importing a root signed offline, and rotating an online key.
 */
@RestController
class TufController {

    private final TufRepository repository;

    TufController(TufRepository repository) {
        this.repository = repository;
    }

    record KeyView(String role, int generation, String state, String keyId, Map<String, Object> key) {}

    record KeysView(List<KeyView> keys) {}

    record RootView(long version, Instant expires, List<String> promotedKeys, boolean unchanged) {}

    @GetMapping("/api/v1/ota/tuf/keys")
    @RequiresPermission(Permission.OTA_READ)
    KeysView keys(Caller caller) {
        return new KeysView(
                repository.onlineKeys(caller).stream().map(TufController::view).toList());
    }

    @PostMapping("/api/v1/ota/tuf/keys/{role}/rotate")
    @RequiresPermission(Permission.OTA_MANAGE)
    KeyView rotate(Caller caller, @PathVariable String role) {
        return view(repository.rotateKey(caller, role));
    }

    /** The body is the root file exactly as the ceremony wrote it; it is stored and served byte for byte. */
    @PutMapping(value = "/api/v1/ota/tuf/root", consumes = "application/json")
    @RequiresPermission(Permission.OTA_MANAGE)
    RootView importRoot(Caller caller, @RequestBody String root) {
        TufRootImport.Imported imported = repository.importRoot(caller, root.getBytes(StandardCharsets.UTF_8));
        return new RootView(
                imported.root().version(), imported.root().expires(), imported.promoted(), imported.unchanged());
    }

    private static KeyView view(TufRepository.OnlineKey key) {
        return new KeyView(
                key.role(),
                key.generation(),
                key.state(),
                key.key().keyId().hex(),
                key.key().toJson());
    }
}
