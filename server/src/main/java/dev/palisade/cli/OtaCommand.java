package dev.palisade.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code palisade ota …}: update artifacts and releases (see docs/ota.md). */
@Command(
        name = "ota",
        description = "Upload update artifacts and manage releases (see docs/ota.md).",
        mixinStandardHelpOptions = true,
        subcommands = {
            OtaCommand.Upload.class,
            OtaCommand.ListArtifacts.class,
            OtaCommand.Release.class,
            TufCommand.class,
            OtaRolloutCommand.class
        })
final class OtaCommand {

    private static final Map<String, String> ARTIFACT =
            Output.columns("Artifact", "id", "Name", "name", "Bytes", "length", "SHA-256", "sha256");
    private static final Map<String, String> RELEASE = Output.columns(
            "Release",
            "id",
            "Model",
            "model",
            "HW rev",
            "hardwareRevision",
            "Version",
            "version",
            "Tier",
            "tier",
            "Security",
            "securityVersion",
            "State",
            "state",
            "SHA-256",
            "sha256");

    @Command(
            name = "upload",
            description = "Upload a file as an artifact, streamed; its SHA-256 is computed here and checked by the"
                    + " server.",
            mixinStandardHelpOptions = true)
    static final class Upload implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "FILE")
        Path file = Path.of("");

        @Option(names = "--name", description = "The artifact's name (default: the file's name).")
        @Nullable
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String sha256 = sha256(file);
            Path fileName = file.getFileName();
            String artifactName = name != null ? name : fileName == null ? "artifact" : fileName.toString();
            JsonNode uploaded = client.client()
                    .upload("/api/v1/ota/artifacts?" + query(Map.of("name", artifactName, "sha256", sha256)), file);
            new Output(spec.commandLine().getOut(), client.json).fields(uploaded, ARTIFACT);
            return 0;
        }
    }

    @Command(name = "artifacts", description = "List the tenant's artifacts.", mixinStandardHelpOptions = true)
    static final class ListArtifacts implements Callable<Integer> {

        @Mixin
        ClientOptions client;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            new Output(spec.commandLine().getOut(), client.json)
                    .table(client.client().get("/api/v1/ota/artifacts?limit=500"), ARTIFACT);
            return 0;
        }
    }

    @Command(
            name = "release",
            description = "Create, publish, withdraw and list releases.",
            mixinStandardHelpOptions = true,
            subcommands = {
                Release.Create.class,
                Release.Publish.class,
                Release.Withdraw.class,
                Release.ListReleases.class
            })
    static final class Release {

        @Command(
                name = "create",
                description = "Create a draft release of an artifact for a model and hardware revision.",
                mixinStandardHelpOptions = true)
        static final class Create implements Callable<Integer> {

            @Mixin
            ClientOptions client;

            @Option(names = "--model", required = true)
            String model = "";

            @Option(names = "--hardware-revision", required = true)
            String hardwareRevision = "";

            @Option(names = "--release-version", required = true, description = "The release's version, such as 2.4.1.")
            String version = "";

            @Option(names = "--tier", required = true, description = "bootloader, os, application or config.")
            String tier = "";

            @Option(
                    names = "--security-version",
                    required = true,
                    description = "Anti-rollback counter; never below the highest published for the model,"
                            + " hardware revision and tier.")
            long securityVersion;

            @Option(names = "--artifact", required = true, description = "The artifact's id.")
            String artifact = "";

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("model", model);
                body.put("hardwareRevision", hardwareRevision);
                body.put("version", version);
                body.put("tier", tier);
                body.put("securityVersion", securityVersion);
                body.put("artifactId", artifact);
                JsonNode created = client.client().post("/api/v1/ota/releases", body);
                new Output(spec.commandLine().getOut(), client.json).fields(created, RELEASE);
                return 0;
            }
        }

        @Command(
                name = "publish",
                description = "Publish a draft release to the model's devices.",
                mixinStandardHelpOptions = true)
        static final class Publish implements Callable<Integer> {

            @Mixin
            ClientOptions client;

            @Parameters(paramLabel = "RELEASE")
            String release = "";

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                JsonNode published = client.client()
                        .post(
                                "/api/v1/ota/releases/" + URLEncoder.encode(release, StandardCharsets.UTF_8)
                                        + "/publish",
                                Map.of());
                new Output(spec.commandLine().getOut(), client.json).fields(published, RELEASE);
                return 0;
            }
        }

        @Command(
                name = "withdraw",
                description = "Withdraw a published release: no longer served or listed in TUF; its rollouts abort.",
                mixinStandardHelpOptions = true)
        static final class Withdraw implements Callable<Integer> {

            @Mixin
            ClientOptions client;

            @Parameters(paramLabel = "RELEASE")
            String release = "";

            @Option(
                    names = "--reason",
                    description = "Why (at most 512 characters); kept with the release and audited.")
            @Nullable
            String reason;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                Map<String, Object> body = new LinkedHashMap<>();
                if (reason != null) {
                    body.put("reason", reason);
                }
                JsonNode withdrawn = client.client()
                        .post(
                                "/api/v1/ota/releases/" + URLEncoder.encode(release, StandardCharsets.UTF_8)
                                        + "/withdraw",
                                body);
                new Output(spec.commandLine().getOut(), client.json).fields(withdrawn, RELEASE);
                return 0;
            }
        }

        @Command(name = "list", description = "List releases, newest last.", mixinStandardHelpOptions = true)
        static final class ListReleases implements Callable<Integer> {

            @Mixin
            ClientOptions client;

            @Option(names = "--model")
            @Nullable
            String model;

            @Option(names = "--hardware-revision")
            @Nullable
            String hardwareRevision;

            @Option(names = "--tier")
            @Nullable
            String tier;

            @Option(names = "--state", description = "draft, published or withdrawn.")
            @Nullable
            String state;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                Map<String, String> filters = new LinkedHashMap<>();
                filters.put("limit", "500");
                if (model != null) {
                    filters.put("model", model);
                }
                if (hardwareRevision != null) {
                    filters.put("hardwareRevision", hardwareRevision);
                }
                if (tier != null) {
                    filters.put("tier", tier);
                }
                if (state != null) {
                    filters.put("state", state);
                }
                new Output(spec.commandLine().getOut(), client.json)
                        .table(client.client().get("/api/v1/ota/releases?" + query(filters)), RELEASE);
                return 0;
            }
        }
    }

    private static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((key, value) -> {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return query.toString();
    }

    /** The file's SHA-256, read in a stream: the server checks the upload against it. */
    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
