// The bash completion script: the completion table as an associative array, and a small reader of the line.
// Live values (object names) come from `xenctl __complete` under a short timeout; nothing is printed on failure.
import type { CompletionData } from './completion-data.js';
import { completionEntries } from './completion-data.js';

function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const LOGIC = String.raw`
# The slot's candidates: $1 kind, $2 noun, $3 current word; live names come from the backend.
_xenctl_slot() {
  local kind=$1 noun=$2 cur=$3 pre=''
  case $kind in
    @*)
      local -a live
      local IFS=$'\n'
      if command -v timeout >/dev/null 2>&1; then
        live=($(timeout -k 1 2 "$_xenctl_cmd" __complete "${"$"}{_xenctl_line[@]}" "$cur" 2>/dev/null))
      else
        live=($("$_xenctl_cmd" __complete "${"$"}{_xenctl_line[@]}" "$cur" 2>/dev/null))
      fi
      local c
      # Inside an opened quote readline closes it itself: the names go in as they are; otherwise escaped.
      if [[ $cur == [\'\"]* ]]; then COMPREPLY+=("${"$"}{live[@]}")
      else for c in "${"$"}{live[@]}"; do COMPREPLY+=("$(printf '%q' "$c")"); done; fi ;;
    %fields)
      [[ $cur == *,* ]] && pre=${"$"}{cur%,*},
      COMPREPLY=($(compgen -P "$pre" -W "${"$"}{_xenctl_t[f|$noun]}" -- "${"$"}{cur##*,}"))
      compopt -o nospace 2>/dev/null ;;
    %fields= | %settable=)
      if [[ $cur == *=* ]]; then
        COMPREPLY=($(compgen -W "${"$"}{_xenctl_t[x|$noun ${"$"}{cur%%=*}]}" -- "${"$"}{cur#*=}"))
        return
      fi
      local src=f
      [[ $kind == %settable= ]] && src=e
      COMPREPLY=($(compgen -S = -W "${"$"}{_xenctl_t[$src|$noun]}" -- "$cur"))
      compopt -o nospace 2>/dev/null ;;
    :*)
      COMPREPLY=($(IFS=,; compgen -W "${"$"}{kind#:}" -- "$cur")) ;;
    !file)
      COMPREPLY=($(compgen -f -- "$cur"))
      compopt -o filenames 2>/dev/null ;;
  esac
}

# The kind of value a flag takes ('' for a switch, '=' then the kind for a flag with a value), or nothing.
_xenctl_flag() {
  local f
  for f in ${"$"}{_xenctl_t[o|$2]} ${"$"}{_xenctl_t[g]}; do
    case $f in
      "$1") REPLY=''; return 0 ;;
      "$1"=*) REPLY=${"$"}{f#*=}; REPLY="=$REPLY"; return 0 ;;
    esac
  done
  return 1
}

_xenctl() {
  local cur prev words cword split=false
  if declare -F _init_completion >/dev/null 2>&1; then
    _init_completion -s -n =: || return
  else
    words=("${"$"}{COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${"$"}{COMP_WORDS[COMP_CWORD]}; prev=${"$"}{COMP_WORDS[COMP_CWORD-1]}
    if [[ $cur == --*=* ]]; then prev=${"$"}{cur%%=*}; cur=${"$"}{cur#*=}; split=true; fi
  fi
  COMPREPLY=()
  local _xenctl_cmd=${"$"}{words[0]}
  local -a _xenctl_line=("${"$"}{words[@]:1:cword-1}")
  $split && _xenctl_line+=("$prev")
  local -a pos=()
  local key='' w i skip=false REPLY
  for ((i = 1; i < cword; i++)); do
    w=${"$"}{words[i]}
    if $skip; then skip=false; continue; fi
    if [[ $w == -?* ]]; then
      [[ $w == *=* ]] && continue
      _xenctl_flag "$w" "$key" && [[ $REPLY == '='* ]] && skip=true
      continue
    fi
    pos+=("$w")
    if [[ -z $key ]]; then
      if ((${"$"}{#pos[@]} == 1)) && [[ -n ${"$"}{_xenctl_t[p|$w]+set} ]]; then key=$w
      elif ((${"$"}{#pos[@]} == 2)) && [[ -n ${"$"}{_xenctl_t[p|${"$"}{pos[0]} $w]+set} ]]; then key="${"$"}{pos[0]} $w"
      elif ((${"$"}{#pos[@]} == 3)) && [[ -n ${"$"}{_xenctl_t[p|${"$"}{pos[0]} ${"$"}{pos[1]} $w]+set} ]]; then key="${"$"}{pos[0]} ${"$"}{pos[1]} $w"
      fi
    fi
  done
  local noun=${"$"}{pos[0]}
  if { $split || [[ $prev == -?* ]]; } && _xenctl_flag "$prev" "$key" && [[ $REPLY == '='* ]]; then
    _xenctl_slot "${"$"}{REPLY#=}" "$noun" "$cur"
  elif [[ $cur == -* ]]; then
    local f out=()
    for f in ${"$"}{_xenctl_t[o|$key]} ${"$"}{_xenctl_t[g]}; do out+=("${"$"}{f%%=*}"); done
    COMPREPLY=($(compgen -W "${"$"}{out[*]}" -- "$cur"))
  elif [[ -z $key ]]; then
    case ${"$"}{#pos[@]} in
      0) COMPREPLY=($(compgen -W "${"$"}{_xenctl_t[n]}" -- "$cur")) ;;
      1) COMPREPLY=($(compgen -W "${"$"}{_xenctl_t[v|$noun]}" -- "$cur")) ;;
      2) if [[ $noun == help ]]; then COMPREPLY=($(compgen -W "${"$"}{_xenctl_t[v|${"$"}{pos[1]}]}" -- "$cur"))
         else COMPREPLY=($(compgen -W "${"$"}{_xenctl_t[s|$noun ${"$"}{pos[1]}]}" -- "$cur")); fi ;;
    esac
  else
    local -a slots=(${"$"}{_xenctl_t[p|$key]})
    local words_in_key=(${"$"}{key})
    local n=$((${"$"}{#pos[@]} - ${"$"}{#words_in_key[@]}))
    local slot=${"$"}{slots[n]}
    if [[ -z $slot ]] && ((${"$"}{#slots[@]} > 0)) && [[ ${"$"}{slots[-1]} == *'*' ]]; then slot=${"$"}{slots[-1]}; fi
    slot=${"$"}{slot%'*'}
    [[ -n $slot && $slot != - ]] && _xenctl_slot "$slot" "$noun" "$cur"
  fi
  declare -F __ltrim_colon_completions >/dev/null 2>&1 && __ltrim_colon_completions "$cur"
  return 0
}
complete -F _xenctl xenctl
`;

export function bashScript(data: CompletionData): string {
  const table = completionEntries(data).map(([k, v]) => `  [${sq(k)}]=${sq(v)}`).join('\n');
  return `# bash completion for xenctl. Generated from the command specs by scripts/gen-docs.ts: do not edit.
# Install: source it from ~/.bashrc, or copy it to ~/.local/share/bash-completion/completions/xenctl.
declare -gA _xenctl_t=(
${table}
)
${LOGIC}`;
}
