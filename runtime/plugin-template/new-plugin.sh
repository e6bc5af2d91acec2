#!/usr/bin/env bash
# ./atelier new-plugin NAME [--output] [--dir DIR] [--package PACKAGE]
# Writes a complete plugin project from the templates beside this script: a pom, one filter (or, with
# --output, one output) with a Metatype configuration of two parameters, a unit test and an in-framework
# test. Without --dir it goes to plugins/NAME and joins the reactor; with --dir it is a standalone Maven
# project that depends on the dev.atelier.api jar in the local Maven repository.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEMPLATES="$ROOT/runtime/plugin-template"

usage() { echo "usage: ./atelier new-plugin NAME [--output] [--dir DIR] [--package PACKAGE]   (NAME: lower case, e.g. posterize)" >&2; exit 2; }
[ $# -ge 1 ] || usage
name="$1"; shift
kind=filter dir="" package=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) kind=output ;;
    --filter) kind=filter ;;
    --dir) [ $# -ge 2 ] || usage; dir="$2"; shift ;;
    --package) [ $# -ge 2 ] || usage; package="$2"; shift ;;
    *) echo "atelier: new-plugin: unknown option '$1'" >&2; usage ;;
  esac
  shift
done
[[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || { echo "atelier: new-plugin: '$name' is not a plugin name: lower-case letters, digits and '-', starting with a letter" >&2; exit 2; }
word="${name//-/}"
class="$(echo "${name}" | sed -E 's/(^|-)([a-z])/\U\2/g')"
[ "$kind" = output ] && class="${class}Output" || class="${class}Filter"
package="${package:-atelier.plugin.$word}"
[[ "$package" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]] || { echo "atelier: new-plugin: '$package' is not a Java package name" >&2; exit 2; }

inside=yes
if [ -n "$dir" ]; then
  target="$(mkdir -p "$dir" && cd "$dir" && pwd)/$name"
  case "$target/" in "$ROOT"/*) ;; *) inside=no ;; esac
else
  target="$ROOT/plugins/$name"
fi
[ -e "$target" ] && { echo "atelier: new-plugin: $target already exists; choose another name or --dir" >&2; exit 2; }

# versions: the host's own, from its pom, so the plugin builds against exactly what the host runs
pomv() { grep -o "<artifactId>$1</artifactId><version>[^<]*</version>" "$ROOT/pom.xml" | head -1 | sed -E 's|.*<version>([^<]*)</version>|\1|'; }
prop() { grep -o "<$1>[^<]*</$1>" "$ROOT/pom.xml" | head -1 | sed -E "s|<$1>([^<]*)</$1>|\1|"; }
atelier_version="$(grep -m1 -o '<version>[^<]*</version>' "$ROOT/pom.xml" | sed -E 's|</?version>||g')"
bnd="$(prop bnd.version)"; junit="$(prop junit.version)"; api_version="$(prop atelier.api.version)"

if [ "$inside" = yes ]; then
  parent="  <parent><groupId>dev.atelier</groupId><artifactId>atelier-parent</artifactId><version>$atelier_version</version><relativePath>$(realpath --relative-to="$target" "$ROOT")/pom.xml</relativePath></parent>"
  artifact="dev.atelier.plugin.$name"; head=""; plugins=""
  v() { echo ""; }
else
  parent="  <groupId>$package</groupId>
  <version>0.1.0-SNAPSHOT</version>
  <packaging>jar</packaging>"
  artifact="$package"
  head="  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <!-- the Atelier host this plugin is built and tested against (its jars: ./atelier build installs them) -->
    <atelier.version>$atelier_version</atelier.version>
    <!-- the API it compiles against: any host with dev.atelier.api 1.x runs the plugin -->
    <atelier.api.version>$api_version</atelier.api.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.junit</groupId><artifactId>junit-bom</artifactId><version>$junit</version><type>pom</type><scope>import</scope></dependency>
      <dependency><groupId>org.osgi</groupId><artifactId>org.osgi.test.bom</artifactId><version>$(grep -o '<artifactId>org.osgi.test.bom</artifactId><version>[^<]*' "$ROOT/pom.xml" | sed -E 's|.*<version>||')</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>"
  plugins="    <pluginManagement>
      <plugins>
        <!-- the plugin versions the host's build uses, so a plugin builds from the same local repository -->
$(grep -E '<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-(compiler|jar|resources|install|clean|deploy)-plugin</artifactId>' "$ROOT/pom.xml")
      </plugins>
    </pluginManagement>"
  v() { echo "<version>$1</version>"; }
fi

mkdir -p "$target/src/main/java/${package//.//}" "$target/src/test/java/${package//.//}"
fill() {
  sed -e "s|@@PACKAGE@@|$package|g" -e "s|@@CLASS@@|$class|g" -e "s|@@NAME@@|$name|g" -e "s|@@ARTIFACT@@|$artifact|g" \
      -e "s|@@BND@@|$bnd|g" "$1"
}
fill "$TEMPLATES/$kind/main/Class.java" > "$target/src/main/java/${package//.//}/$class.java"
fill "$TEMPLATES/$kind/test/ClassTest.java" > "$target/src/test/java/${package//.//}/${class}Test.java"
fill "$TEMPLATES/$kind/test/ClassInFrameworkTest.java" > "$target/src/test/java/${package//.//}/${class}InFrameworkTest.java"
fill "$TEMPLATES/common/test.bndrun" > "$target/test.bndrun"
title="Atelier $name $kind"
description="$( [ "$kind" = output ] && echo "An Atelier output: writes an image's size and mean colour to a text file" || echo "An Atelier filter: fewer levels per channel")"
fill "$TEMPLATES/common/pom.xml" | awk -v parent="$parent" -v head="$head" -v plugins="$plugins" '
  /@@PARENT@@/ { print parent; next }
  /@@STANDALONE_HEAD@@/ { if (head != "") print head; next }
  /@@STANDALONE_PLUGINS@@/ { if (plugins != "") print plugins; next }
  { print }' | sed -e "s|@@TITLE@@|$title|" -e "s|@@DESCRIPTION@@|$description|" \
  -e "s|@@V_ATELIER@@|$(v '${atelier.version}')|g" -e "s|@@V_API@@|$(v '${atelier.api.version}')|g" -e "s|@@V_ANNOTATION@@|$(v "$(pomv osgi.annotation)")|g" \
  -e "s|@@V_DS@@|$(v "$(pomv org.osgi.service.component.annotations)")|g" -e "s|@@V_METATYPE@@|$(v "$(pomv org.osgi.service.metatype.annotations)")|g" \
  -e "s|@@V_CORE@@|$(v "$(pomv osgi.core)")|g" -e "s|@@V_FELIX@@|$(v "$(pomv org.apache.felix.framework)")|g" \
  -e "s|@@V_SCR@@|$(v "$(pomv org.apache.felix.scr)")|g" -e "s|@@V_DSAPI@@|$(v "$(pomv org.osgi.service.component)")|g" \
  -e "s|@@V_PROMISE@@|$(v "$(pomv org.osgi.util.promise)")|g" -e "s|@@V_FUNCTION@@|$(v "$(pomv org.osgi.util.function)")|g" \
  -e "s|@@V_CM@@|$(v "$(pomv org.apache.felix.configadmin)")|g" -e "s|@@V_FILEINSTALL@@|$(v "$(pomv org.apache.felix.fileinstall)")|g" \
  -e "s|@@V_YAML@@|$(v "$(pomv snakeyaml)")|g" -e "s|@@V_BNDPLUGIN@@|$(v "$bnd")|g" -e "s|@@V_SUREFIRE@@|$(v 3.5.2)|g" > "$target/pom.xml"
[ "$inside" = yes ] && sed -i -e 's|<version>\${atelier.version}</version>||' -e 's|<version>\${atelier.api.version}</version>||' "$target/pom.xml"

if [ "$inside" = yes ]; then
  module="$(realpath --relative-to="$ROOT" "$target")"
  if ! grep -q "<module>$module</module>" "$ROOT/pom.xml"; then
    sed -i "s|    <module>runtime</module>|    <module>$module</module>\n    <module>runtime</module>|" "$ROOT/pom.xml"
  fi
  echo "atelier: $kind '$name' in $module (added to the reactor); build it with: mvn install -pl $module -am" >&2
else
  echo "atelier: $kind '$name' in $target; build it with: (cd $target && mvn -q verify), then ./atelier deploy $target/target/$artifact-0.1.0-SNAPSHOT.jar" >&2
fi
