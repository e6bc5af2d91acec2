# Bash completion for ./atelier: subcommands, pipeline names (the bundled ones and your pipelines/),
# filter and output names, cnc commands and job ids, then files.
# Install: ./atelier completion --install   (or: source runtime/completion/atelier.bash)

_atelier_root() {
  local script="${COMP_WORDS[0]}"
  [[ "$script" == */* ]] || script="$(command -v "$script" 2>/dev/null)"
  (cd "$(dirname "$script")" 2>/dev/null && pwd)
}

_atelier_pipelines() {
  local root="$1" home="${ATELIER_HOME:-$1/runtime}" f
  for f in "$root"/plugins/*/src/main/resources/pipelines/*.pipeline.y*ml "$home"/pipelines/*.pipeline.y*ml; do
    [ -e "$f" ] || continue
    f="${f##*/}"; echo "${f%%.pipeline.y*ml}"
  done
}

_atelier_elements() {
  # the names the plugins in this tree declare (@FilterProperties / @SinkProperties)
  grep -rhoE '@(Filter|Sink)Properties\(name = "[^"]+"' "$1"/plugins/*/src/main/java 2>/dev/null | sed -E 's/.*name = "([^"]+)"/\1/' | sort -u
}

_atelier() {
  local cur="${COMP_WORDS[COMP_CWORD]}" root; root="$(_atelier_root)"
  local commands="demo run validate filters inspect pipelines status shell exec cnc bench bench-dither bench-linify bench-cnc bench-mosaic bench-deblock deblock-corpus deblock-train deblock-eval completion test build"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    return
  fi
  case "${COMP_WORDS[1]}" in
    run)
      if [ "$COMP_CWORD" -eq 2 ] || { [ "$COMP_CWORD" -eq 3 ] && [[ "${COMP_WORDS[2]}" == -* ]]; }; then
        COMPREPLY=($(compgen -W "$(_atelier_pipelines "$root") -q --quiet --wait" -- "$cur") $(compgen -f -X '!*.y*ml' -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi ;;
    inspect) COMPREPLY=($(compgen -W "$(_atelier_elements "$root")" -- "$cur")) ;;
    validate) COMPREPLY=($(compgen -f -- "$cur")) ;;
    status) COMPREPLY=($(compgen -W "--health" -- "$cur")) ;;
    cnc)
      if [ "$COMP_CWORD" -eq 2 ]; then
        COMPREPLY=($(compgen -W "ports connect disconnect status send hold resume reset jobs await unlock home" -- "$cur"))
      elif [ "${COMP_WORDS[2]}" = resume ]; then
        local jobs="${ATELIER_HOME:-$root/runtime}/cnc-jobs" ids=""
        [ -d "$jobs" ] && ids="$(cd "$jobs" && ls *.journal 2>/dev/null | sed 's/\.journal$//')"
        COMPREPLY=($(compgen -W "$ids --unlock --home" -- "$cur") $(compgen -f -- "$cur"))
      else
        COMPREPLY=($(compgen -f -- "$cur"))
      fi ;;
    completion) COMPREPLY=($(compgen -W "--install" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

complete -o filenames -F _atelier atelier ./atelier
