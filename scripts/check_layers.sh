#!/usr/bin/env bash
# Include-direction check: the layers' #include lines may only run downwards.
#   core/ (core/planners, core/mcts, core/learn)  includes nothing from envs/, engine/, app/
#   core/, core/planners, core/mcts                 include nothing from core/learn/
#   envs/                                           includes nothing from engine/, app/
#   engine/                                         includes nothing from app/
#   media/                                          includes nothing from core/, envs/, engine/, app/
#   everything outside app/gui/                     includes no GL, GLFW, epoxy or ImGui header
# Prints one line per offending include (file:line: the include, the rule broken) and exits 1;
# exits 0 when every include runs downwards. Usage: scripts/check_layers.sh [SOURCE_DIR]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

dirs=()
for d in core envs engine media app tests; do [[ -d $d ]] && dirs+=("$d"); done

bad=0
while IFS= read -r hit; do
  file=${hit%%:*}
  rest=${hit#*:}
  line=${rest%%:*}
  text=${rest#*:}
  # The included path and its delimiter: "path" or <path>.
  if [[ $text =~ \#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
    inc=${BASH_REMATCH[1]}
    quoted=1
  elif [[ $text =~ \#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
    inc=${BASH_REMATCH[1]}
    quoted=0
  else
    continue
  fi

  # A quoted include is looked up next to the including file first, then from the source root
  # (the only include directory): resolve it to a root-relative path the same way.
  target=$inc
  if [[ $quoted == 1 ]]; then
    dir=${file%/*}
    if [[ $inc == *../* ]]; then
      target=$(realpath -m --relative-to=. "$dir/$inc")
    elif [[ -e $dir/$inc ]]; then
      target=$dir/${inc#./}
    fi
  fi

  rule=""
  case $file in
    core/*)
      case $target in
        envs/* | engine/* | app/*) rule="core/ may not include envs/, engine/ or app/" ;;
        core/learn/*)
          [[ $file != core/learn/* ]] && rule="core/, core/planners and core/mcts may not include core/learn/"
          ;;
      esac
      ;;
    envs/*)
      case $target in engine/* | app/*) rule="envs/ may not include engine/ or app/" ;; esac
      ;;
    engine/*)
      case $target in app/*) rule="engine/ may not include app/" ;; esac
      ;;
    media/*)
      case $target in
        core/* | envs/* | engine/* | app/*) rule="media/ may not include core/, envs/, engine/ or app/" ;;
      esac
      ;;
  esac
  if [[ -z $rule && $file != app/gui/* ]]; then
    case $inc in
      GL* | epoxy* | imgui* | */imgui*.h)
        rule="only app/gui/ may include GL, GLFW, epoxy or ImGui headers"
        ;;
    esac
  fi
  if [[ -n $rule ]]; then
    echo "$file:$line: #include $( ((quoted)) && echo "\"$inc\"" || echo "<$inc>"): $rule"
    bad=1
  fi
done < <(grep -rnE --include='*.cpp' --include='*.hpp' --include='*.h' --include='*.cc' --include='*.inl' \
  '^[[:space:]]*#[[:space:]]*include' "${dirs[@]}" | sort -t: -k1,1 -k2,2n)

if [[ $bad == 0 ]]; then
  echo "check_layers: every include runs downwards ($(printf '%s/ ' "${dirs[@]}")scanned)"
fi
exit $bad
