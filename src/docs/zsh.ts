// The zsh completion function (`_xenctl`): the completion table as an associative array and a reader of the line.
// Live values (object names) come from `xenctl __complete` under a short timeout; nothing is printed on failure.
import type { CompletionData } from './completion-data.js';
import { completionEntries } from './completion-data.js';

function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const LOGIC = String.raw`
_xenctl_slot() {
  local kind=$1 noun=$2 cur=$3
  case $kind in
    @*)
      local -a live
      if (( $+commands[timeout] )); then
        live=(${"$"}{(f)"$(timeout -k 1 2 $_xenctl_cmd __complete "${"$"}{_xenctl_line[@]}" "$cur" 2>/dev/null)"})
      else
        live=(${"$"}{(f)"$($_xenctl_cmd __complete "${"$"}{_xenctl_line[@]}" "$cur" 2>/dev/null)"})
      fi
      (( ${"$"}{#live} )) && compadd -a live ;;
    %fields)
      compset -P '*,'
      compadd -S '' -q -- ${"$"}{=_xenctl_t[f|$noun]} ;;
    %fields= | %settable=)
      if [[ $cur == *=* ]]; then
        compset -P '*='
        compadd -- ${"$"}{=_xenctl_t[x|$noun ${"$"}{cur%%=*}]}
        return
      fi
      local src=f
      [[ $kind == %settable= ]] && src=e
      compadd -S '=' -- ${"$"}{=_xenctl_t[$src|$noun]} ;;
    :*)
      compadd -- ${"$"}{(s:,:)kind#:} ;;
    !file)
      _files ;;
  esac
}

# Sets REPLY to what a flag takes ('' a switch, '=KIND' a value); fails for an unknown flag.
_xenctl_flag() {
  local f
  for f in ${"$"}{=_xenctl_t[o|$2]} ${"$"}{=_xenctl_t[g]}; do
    if [[ $f == "$1" ]]; then REPLY=''; return 0; fi
    if [[ $f == "$1"=* ]]; then REPLY="=${"$"}{f#*=}"; return 0; fi
  done
  return 1
}

_xenctl() {
  local _xenctl_cmd=${"$"}{words[1]} cur=${"$"}{words[CURRENT]} prev=${"$"}{words[CURRENT-1]}
  local -a _xenctl_line pos
  _xenctl_line=(${"$"}{words[2,CURRENT-1]})
  local key='' w i skip=0 REPLY
  for (( i = 2; i < CURRENT; i++ )); do
    w=${"$"}{words[i]}
    if (( skip )); then skip=0; continue; fi
    if [[ $w == -?* ]]; then
      [[ $w == *=* ]] && continue
      _xenctl_flag "$w" "$key" && [[ $REPLY == '='* ]] && skip=1
      continue
    fi
    pos+=("$w")
    if [[ -z $key ]]; then
      if (( ${"$"}{#pos} == 1 )) && (( ${"$"}{+_xenctl_t[p|$w]} )); then key=$w
      elif (( ${"$"}{#pos} == 2 )) && (( ${"$"}{+_xenctl_t[p|${"$"}{pos[1]} $w]} )); then key="${"$"}{pos[1]} $w"
      elif (( ${"$"}{#pos} == 3 )) && (( ${"$"}{+_xenctl_t[p|${"$"}{pos[1]} ${"$"}{pos[2]} $w]} )); then key="${"$"}{pos[1]} ${"$"}{pos[2]} $w"
      fi
    fi
  done
  local noun=${"$"}{pos[1]}
  if [[ $cur == --*=* ]] && _xenctl_flag "${"$"}{cur%%=*}" "$key" && [[ $REPLY == '='* ]]; then
    _xenctl_line+=("${"$"}{cur%%=*}")
    compset -P '*='
    _xenctl_slot "${"$"}{REPLY#=}" "$noun" "${"$"}{cur#*=}"
  elif [[ $prev == -?* ]] && _xenctl_flag "$prev" "$key" && [[ $REPLY == '='* ]]; then
    _xenctl_slot "${"$"}{REPLY#=}" "$noun" "$cur"
  elif [[ $cur == -* ]]; then
    local -a out
    local f
    for f in ${"$"}{=_xenctl_t[o|$key]} ${"$"}{=_xenctl_t[g]}; do out+=("${"$"}{f%%=*}"); done
    compadd -a out
  elif [[ -z $key ]]; then
    case ${"$"}{#pos} in
      0) compadd -- ${"$"}{=_xenctl_t[n]} ;;
      1) compadd -- ${"$"}{=_xenctl_t[v|$noun]} ;;
      2) if [[ $noun == help ]]; then compadd -- ${"$"}{=_xenctl_t[v|${"$"}{pos[2]}]}
         else compadd -- ${"$"}{=_xenctl_t[s|$noun ${"$"}{pos[2]}]}; fi ;;
    esac
  else
    local -a slots keywords
    slots=(${"$"}{=_xenctl_t[p|$key]})
    keywords=(${"$"}{=key})
    local n=$(( ${"$"}{#pos} - ${"$"}{#keywords} + 1 ))
    local slot=${"$"}{slots[n]}
    if [[ -z $slot ]] && (( ${"$"}{#slots} )) && [[ ${"$"}{slots[-1]} == *'*' ]]; then slot=${"$"}{slots[-1]}; fi
    slot=${"$"}{slot%'*'}
    [[ -n $slot && $slot != - ]] && _xenctl_slot "$slot" "$noun" "$cur"
  fi
  return 0
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _xenctl "$@"
else
  compdef _xenctl xenctl
fi
`;

export function zshScript(data: CompletionData): string {
  const table = completionEntries(data).map(([k, v]) => `  ${sq(k)} ${sq(v)}`).join('\n');
  return `#compdef xenctl
# zsh completion for xenctl. Generated from the command specs by scripts/gen-docs.ts: do not edit.
# Install: copy it as _xenctl into a directory of $fpath (before compinit), or source it after compinit.
typeset -gA _xenctl_t
_xenctl_t=(
${table}
)
${LOGIC}`;
}
