package dev.palisade.cli;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodies;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeysSettings;
import dev.palisade.keys.Pkcs11Settings;
import dev.palisade.keys.SigningKey;
import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.MetadataBuilder;
import dev.palisade.protocol.tuf.MetadataSigner;
import dev.palisade.protocol.tuf.RoleKeys;
import dev.palisade.protocol.tuf.RoleType;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.SignedMetadata;
import dev.palisade.protocol.tuf.SpecVersion;
import dev.palisade.protocol.tuf.TufKey;
import dev.palisade.shared.DataDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code palisade ota tuf …}: the TUF root ceremony (offline: root keys in passphrase-protected PKCS#12 files that never
 * reach the server) and the server side of the repository (its online keys, importing a root, rotating a key). See
 * docs/ota.md.
 */
@Command(
        name = "tuf",
        description = "The TUF repository: offline root ceremony, online keys, root import (see docs/ota.md).",
        mixinStandardHelpOptions = true,
        subcommands = {
            TufCommand.Keys.class,
            TufCommand.InitRoot.class,
            TufCommand.RotateRoot.class,
            TufCommand.ImportRoot.class,
            TufCommand.RotateKey.class
        })
final class TufCommand {

    static final KeyAlias ROOT_KEY = KeyAlias.of("tuf-root");
    private static final Pattern ROOT_FILE = Pattern.compile("([1-9][0-9]*)\\.root\\.json");
    private static final List<RoleType> ONLINE = List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP);

    private TufCommand() {}

    @Command(
            name = "keys",
            description = "The public keys the server holds for the online roles, made on first use; save them with"
                    + " --out and carry the file to the ceremony.",
            mixinStandardHelpOptions = true)
    static final class Keys implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the answer to FILE for the ceremony.")
        @org.jspecify.annotations.Nullable
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ApiClient api = client.client();
            JsonNode keys = api.get("/api/v1/ota/tuf/keys");
            if (out != null) {
                Files.writeString(out, api.json().writeValueAsString(keys), StandardCharsets.UTF_8);
                spec.commandLine().getOut().println("Online keys written to " + out.toAbsolutePath());
            } else {
                var page = api.json().createObjectNode();
                page.set("items", keys.path("keys"));
                new Output(spec.commandLine().getOut(), client.json)
                        .table(
                                page,
                                Output.columns(
                                        "Role",
                                        "role",
                                        "Generation",
                                        "generation",
                                        "State",
                                        "state",
                                        "Key id",
                                        "keyId"));
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "init-root",
            description = {
                "Offline: make N root keys (each an encrypted PKCS#12 file with its own passphrase file) and root"
                        + " version 1 with an M-of-N threshold, signed by all of them, naming the server's online"
                        + " keys.",
                "Then hand each key file to its keyholder and import 1.root.json with 'palisade ota tuf import-root'."
            },
            mixinStandardHelpOptions = true)
    static final class InitRoot implements Callable<Integer> {

        @Option(names = "--keys", required = true, description = "How many root keys (N).")
        int keys;

        @Option(names = "--threshold", required = true, description = "How many must sign a new root (M).")
        int threshold;

        @Option(
                names = "--online-keys",
                paramLabel = "FILE",
                required = true,
                description = "The server's online keys ('palisade ota tuf keys --out FILE').")
        Path onlineKeys = Path.of("");

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "The ceremony directory.")
        Path out = Path.of("");

        @Option(names = "--days", description = "Validity of the root in days (default 365).")
        int days = 365;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (keys < 1 || threshold < 1 || threshold > keys) {
                throw new IllegalArgumentException("need 1 <= --threshold <= --keys");
            }
            Files.createDirectories(out);
            if (Files.exists(out.resolve("1.root.json"))) {
                throw new IllegalArgumentException(out.resolve("1.root.json") + " exists; not replacing it");
            }
            List<MetadataSigner> signers = new ArrayList<>();
            for (int k = 1; k <= keys; k++) {
                signers.add(newKeyFile(out, k));
            }
            Root root = root(1, signers, threshold, onlineKeys, days);
            Path file = write(out, root, signers);
            spec.commandLine().getOut().println("Root 1 (" + threshold + " of " + keys + ") written to " + file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "rotate-root",
            description = {
                "Offline: the next root version, signed by the given current root keys (at least the current"
                        + " threshold) and by every key of the new root.",
                "--new-keys N makes N new root keys; --new-keys 0 keeps the current ones (to change online keys"
                        + " only, such as after a compromised timestamp or snapshot key)."
            },
            mixinStandardHelpOptions = true)
    static final class RotateRoot implements Callable<Integer> {

        @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The ceremony directory.")
        Path dir = Path.of("");

        @Option(
                names = "--sign-with",
                paramLabel = "FILE",
                required = true,
                split = ",",
                description = "Current root key files (PKCS#12) whose holders sign.")
        List<Path> signWith = List.of();

        @Option(names = "--new-keys", description = "How many new root keys to make (0: keep the current ones).")
        int newKeys;

        @Option(names = "--threshold", description = "The new threshold (default: the current one).")
        int threshold;

        @Option(
                names = "--online-keys",
                paramLabel = "FILE",
                required = true,
                description = "The server's online keys ('palisade ota tuf keys --out FILE'), pending ones included.")
        Path onlineKeys = Path.of("");

        @Option(names = "--days", description = "Validity of the root in days (default 365).")
        int days = 365;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            long current = currentVersion(dir);
            byte[] currentFile = Files.readAllBytes(dir.resolve(current + ".root.json"));
            SignedMetadata<Root> currentRoot = SignedMetadata.parse(currentFile, Root.class);
            List<MetadataSigner> oldSigners = new ArrayList<>();
            for (Path keyFile : signWith) {
                oldSigners.add(open(keyFile));
            }
            List<MetadataSigner> rootSigners = new ArrayList<>();
            Map<KeyId, TufKey> keptKeys = new LinkedHashMap<>();
            if (newKeys == 0) {
                rootSigners.addAll(oldSigners);
                currentRoot
                        .role()
                        .role(RoleType.ROOT)
                        .keyIds()
                        .forEach(id -> keptKeys.put(
                                id,
                                java.util.Objects.requireNonNull(
                                        currentRoot.role().keys().get(id))));
            } else {
                int first = nextKeyNumber(dir);
                for (int k = 0; k < newKeys; k++) {
                    rootSigners.add(newKeyFile(dir, first + k));
                }
            }
            int newThreshold = threshold > 0
                    ? threshold
                    : currentRoot.role().role(RoleType.ROOT).threshold();
            Root next = root(current + 1, rootSigners, newThreshold, onlineKeys, days);
            if (newKeys == 0) {
                Map<KeyId, TufKey> keys = new LinkedHashMap<>(next.keys());
                keys.putAll(keptKeys);
                Map<RoleType, RoleKeys> roles = new LinkedHashMap<>(next.roles());
                roles.put(RoleType.ROOT, new RoleKeys(List.copyOf(keptKeys.keySet()), newThreshold));
                next = new Root(next.specVersion(), next.version(), next.expires(), true, keys, roles);
            }
            List<MetadataSigner> all = new ArrayList<>(oldSigners);
            rootSigners.stream()
                    .filter(s -> all.stream().noneMatch(o -> o.keyId().equals(s.keyId())))
                    .forEach(all::add);
            byte[] signed = MetadataBuilder.sign(next, all);
            SignedMetadata<Root> check = SignedMetadata.parse(signed, Root.class);
            if (!check.isSignedBy(currentRoot.role().keys(), currentRoot.role().role(RoleType.ROOT))) {
                throw new IllegalArgumentException("the keys given do not reach root " + current + "'s threshold of "
                        + currentRoot.role().role(RoleType.ROOT).threshold());
            }
            if (!check.isSignedBy(next.keys(), next.role(RoleType.ROOT))) {
                throw new IllegalArgumentException("the new root's own keys do not reach its threshold");
            }
            Path file = dir.resolve(next.version() + ".root.json");
            Files.write(file, signed);
            spec.commandLine().getOut().println("Root " + next.version() + " written to " + file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "import-root",
            description = "Hand a root signed offline to the server, which checks it and serves it.",
            mixinStandardHelpOptions = true)
    static final class ImportRoot implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "FILE")
        Path file = Path.of("");

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode imported =
                    client.client().putDocument("/api/v1/ota/tuf/root", Files.readString(file, StandardCharsets.UTF_8));
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(imported, Output.columns("Root version", "version", "Expires", "expires"));
            return 0;
        }
    }

    @Command(
            name = "rotate-key",
            description = {
                "Make a new server key for ROLE (targets, snapshot, timestamp, bootloader, os, application, config).",
                "A tier's key takes over at once; a top-level role's key is pending until a root naming it is"
                        + " imported."
            },
            mixinStandardHelpOptions = true)
    static final class RotateKey implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ROLE")
        String role = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JsonNode key = client.client().post("/api/v1/ota/tuf/keys/" + role + "/rotate", Map.of());
            new Output(spec.commandLine().getOut(), client.json)
                    .fields(
                            key,
                            Output.columns(
                                    "Role", "role", "Generation", "generation", "State", "state", "Key id", "keyId"));
            return 0;
        }
    }

    /** A root of {@code version} whose root role is {@code rootKeys} and whose online roles are the server's keys. */
    static Root root(long version, List<MetadataSigner> rootKeys, int threshold, Path onlineKeysFile, int days)
            throws IOException {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("--days is between 1 and 3650");
        }
        JsonNode online = JsonMapper.builder().build().readTree(Files.readString(onlineKeysFile));
        Map<KeyId, TufKey> keys = new LinkedHashMap<>();
        Map<RoleType, RoleKeys> roles = new LinkedHashMap<>();
        for (MetadataSigner signer : rootKeys) {
            TufKey key = ((FileKey) signer).publicKey();
            keys.put(key.keyId(), key);
        }
        roles.put(RoleType.ROOT, new RoleKeys(List.copyOf(keys.keySet()), threshold));
        for (RoleType role : ONLINE) {
            TufKey key = serverKey(online, role.roleName());
            keys.put(key.keyId(), key);
            roles.put(role, new RoleKeys(List.of(key.keyId()), 1));
        }
        return new Root(
                SpecVersion.CURRENT,
                version,
                Clock.systemUTC().instant().plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS),
                true,
                keys,
                roles);
    }

    /** The server's key for {@code role}: the pending one if a rotation is under way, else the active one. */
    @SuppressWarnings("unchecked")
    private static TufKey serverKey(JsonNode online, String role) {
        JsonNode chosen = null;
        for (JsonNode key : online.path("keys")) {
            if (key.path("role").asString().equals(role)
                    && (chosen == null || key.path("state").asString().equals("pending"))) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("the online keys file names no " + role + " key");
        }
        return TufKey.fromJson(JsonMapper.builder().build().convertValue(chosen.path("key"), Map.class));
    }

    private static Path write(Path dir, Root root, List<MetadataSigner> signers) throws IOException {
        Path file = dir.resolve(root.version() + ".root.json");
        Files.write(file, MetadataBuilder.sign(root, signers));
        return file;
    }

    private static long currentVersion(Path dir) throws IOException {
        long highest = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = ROOT_FILE.matcher(String.valueOf(file.getFileName()));
                if (m.matches()) {
                    highest = Math.max(highest, Long.parseLong(m.group(1)));
                }
            }
        }
        if (highest == 0) {
            throw new IllegalArgumentException("no N.root.json in " + dir);
        }
        return highest;
    }

    private static int nextKeyNumber(Path dir) {
        int k = 1;
        while (Files.exists(dir.resolve("root-key-" + k + ".p12"))) {
            k++;
        }
        return k;
    }

    private static FileKey newKeyFile(Path dir, int number) {
        Path file = dir.resolve("root-key-" + number + ".p12");
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists; not replacing it");
        }
        return new FileKey(custody(file).getOrCreate(ROOT_KEY, KeyAlgorithm.ECDSA_P256));
    }

    private static FileKey open(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no root key file " + file);
        }
        return new FileKey(custody(file)
                .find(ROOT_KEY)
                .orElseThrow(() -> new IllegalArgumentException(file + " holds no TUF root key")));
    }

    /** A root key file: encrypted PKCS#12, its passphrase in {@code FILE.password} (made random if missing). */
    private static KeyCustody custody(Path file) {
        Path store = file.toAbsolutePath();
        Path parent = store.getParent();
        var settings = new KeysSettings(
                KeysSettings.Backend.PKCS12,
                store,
                store.resolveSibling(store.getFileName() + ".password"),
                null,
                Pkcs11Settings.none());
        return KeyCustodies.open(
                settings, new DataDirectory(parent == null ? Path.of(".") : parent), Clock.systemUTC());
    }

    /** A root key in its file, as a TUF signer. */
    record FileKey(SigningKey key) implements MetadataSigner {

        TufKey publicKey() {
            return TufKey.of(key.publicKey());
        }

        @Override
        public KeyId keyId() {
            return publicKey().keyId();
        }

        @Override
        public byte[] sign(byte[] canonicalSigned) {
            return key.sign(canonicalSigned);
        }
    }
}
