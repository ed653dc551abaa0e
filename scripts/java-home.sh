# Sourced by ./palisade and ./test: points JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME if it is new enough, then the JDKs installed under /usr/lib/jvm, then java on the PATH.

java_feature_version() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}

palisade_find_java_home() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        version=$(java_feature_version "$candidate/bin/java")
        if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
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
