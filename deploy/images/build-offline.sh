#!/usr/bin/env bash
# Builds the four service images as tarballs (<module>/target/jib-image.tar) without Docker and without a registry:
# the base is `scratch` plus a jlinked Java runtime and the C libraries it needs, copied from this machine.
# With a registry at hand, use a real base image instead (docs/operations.md, "Images").
#   deploy/images/build-offline.sh                      # all four
#   deploy/images/build-offline.sh gateway-service      # some
set -euo pipefail
cd "$(dirname "$0")/../.."

modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(gateway-service room-service chat-service dev-issuer)

root="$PWD/target/jib-runtime"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

# NOTE: a fixed module list rather than jdeps over Spring Boot's classpath, which misses reflective and service-loaded
# uses (JNDI DNS, JMX, SASL in kafka-clients, java.beans in Spring).
rm -rf "$root"
"$java_home/bin/jlink" --output "$root/opt/java/openjdk" --strip-debug --no-header-files --no-man-pages \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.security.auth,jdk.unsupported,jdk.zipfs

# Debian's JDK links its CA store to /etc/ssl; an image needs the file itself (HTTPS to the issuer's JWKS).
cacerts="$root/opt/java/openjdk/lib/security/cacerts"
if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
  cp --remove-destination "$(readlink -f "$java_home/lib/security/cacerts")" "$cacerts"
fi

# The dynamic loader and every shared library the runtime links against, at their paths on this machine; not the
# graphics and sound libraries of java.desktop (only its java.beans classes are used, never loaded natively).
find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  -regextype posix-extended -not -regex '.*/lib(j?awt.*|fontmanager|jsound|splashscreen|lcms|javajpeg|mlib_image)\.so' -print0 \
  | xargs -0 ldd 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

permissions="/opt/java/openjdk/bin/*=755,/opt/java/openjdk/lib/jspawnhelper=755,/lib64/*=755,/lib/x86_64-linux-gnu/*=755"
# NOTE: jib.containerize names one module per build; -am brings the shared modules into each reactor, where Jib must
# not try to containerize them.
for module in "${modules[@]}"; do
  ./mvnw -B -q -pl "$module" -am package jib:buildTar -DskipTests -Dspring-boot.repackage.skip=true \
    -Djib.containerize="dev.parley:$module" -Djib.from.image=scratch \
    -Djib.extraDirectories.paths="$root" -Djib.extraDirectories.permissions="$permissions"
done

for module in "${modules[@]}"; do
  ls -l "$module/target/jib-image.tar"
done
