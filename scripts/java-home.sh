# Sourced by ./palisade and ./test: points JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME if it is new enough, then the JDKs installed under /usr/lib/jvm, then java on the PATH.
# A JDK's version is read from its `release` file, which is much faster than starting each JVM to ask.

jdk_feature_version() {
    local version
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -1)
    [ -n "$version" ] || version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1)
    echo "${version:-0}"
}

palisade_find_java_home() {
    local candidate on_path=""
    command -v java >/dev/null 2>&1 && on_path="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$on_path"; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        if [ "$(jdk_feature_version "$candidate")" -ge 25 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME=$(palisade_find_java_home); then
    echo "Palisade needs a JDK 25 or newer (for example Eclipse Temurin 25); set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME
