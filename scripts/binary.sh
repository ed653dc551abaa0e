# Sourced by the launchers: builds the binary when it is missing or older than the sources, and unpacks it (class-data
# caches and the agent's class path need plain jars). Expects root, java, jar and app to be set.

stale() {
    [ ! -f "$jar" ] && return 0
    [ -n "$(find "$root/pom.xml" "$root/protocol" "$root/server" "$root/agent" -newer "$jar" \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -print -quit)" ]
}

ensure_binary() {
    if stale; then
        echo "Building Palisade (the first build downloads dependencies and takes a few minutes)..." >&2
        (cd "$root" && ./mvnw -q -B -Dquick -DskipTests -pl server -am package) >&2
    fi
    if [ ! -f "$app/palisade.jar" ] || [ "$jar" -nt "$app/palisade.jar" ]; then
        rm -rf "$app"
        "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
    fi
}
