// The fish completion script: the completion table as a `switch`, and a reader of the command line.
// Live values (object names) come from `xenctl __complete` under a short timeout; nothing is printed on failure.
import type { CompletionData } from './completion-data.js';
import { completionEntries } from './completion-data.js';

function sq(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const LOGIC = String.raw`
function __xenctl_words
    set -l v (__xenctl_t $argv[1])
    test -n "$v"; and string split ' ' -- $v
end

# Prints what a flag takes ('' a switch, '=KIND' a value); fails for an unknown flag.
function __xenctl_flag --argument-names flag key
    for f in (__xenctl_words "o|$key") (__xenctl_words g)
        if test "$f" = "$flag"
            echo ''
            return 0
        end
        if string match -q -- "$flag=*" $f
            echo "="(string split -m 1 '=' -- $f)[2]
            return 0
        end
    end
    return 1
end

function __xenctl_slot --argument-names kind noun cur prefix
    switch $kind
        case '@*'
            set -l cmd $__xenctl_line[1]
            if command -q timeout
                timeout -k 1 2 $cmd __complete $__xenctl_line[2..-1] "$cur" 2>/dev/null | string replace -r '^' -- "$prefix"
            else
                $cmd __complete $__xenctl_line[2..-1] "$cur" 2>/dev/null | string replace -r '^' -- "$prefix"
            end
        case '%fields'
            set -l pre (string match -r '^.*,' -- $cur)
            for f in (__xenctl_words "f|$noun")
                echo "$prefix$pre$f"
            end
        case '%fields=' '%settable='
            if string match -q -- '*=*' $cur
                set -l field (string split -m 1 '=' -- $cur)[1]
                for v in (__xenctl_words "x|$noun $field")
                    echo "$prefix$field=$v"
                end
                return
            end
            set -l src f
            test "$kind" = '%settable='; and set src e
            for f in (__xenctl_words "$src|$noun")
                echo "$prefix$f="
            end
        case ':*'
            for c in (string split ',' -- (string sub -s 2 -- $kind))
                echo "$prefix$c"
            end
        case '!file'
            __fish_complete_path $cur
    end
end

function __xenctl_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -g __xenctl_line $tokens
    set -l pos
    set -l key ''
    set -l skip 0
    for w in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        if string match -q -r -- '^-.' $w
            string match -q -- '*=*' $w; and continue
            set -l r (__xenctl_flag $w "$key"); and string match -q -- '=*' "$r"; and set skip 1
            continue
        end
        set -a pos $w
        if test -z "$key"
            set -l n (count $pos)
            if test $n -le 3; and __xenctl_t "p|$pos" >/dev/null
                set key "$pos"
            end
        end
    end
    set -l noun $pos[1]
    set -l prev $tokens[-1]
    if string match -q -r -- '^--.*=' $cur
        set -l flag (string split -m 1 '=' -- $cur)[1]
        set -l r (__xenctl_flag $flag "$key"); and string match -q -- '=*' "$r"
        and begin
            set -a __xenctl_line $flag
            __xenctl_slot (string sub -s 2 -- $r) "$noun" (string split -m 1 '=' -- $cur)[2] "$flag="
            return
        end
    end
    if string match -q -r -- '^-.' $prev; and set -l r (__xenctl_flag $prev "$key"); and string match -q -- '=*' "$r"
        __xenctl_slot (string sub -s 2 -- $r) "$noun" "$cur" ''
    else if string match -q -- '-*' $cur
        for f in (__xenctl_words "o|$key") (__xenctl_words g)
            string split -m 1 '=' -- $f | head -n 1
        end
    else if test -z "$key"
        switch (count $pos)
            case 0
                __xenctl_words n
            case 1
                __xenctl_words "v|$noun"
            case 2
                if test "$noun" = help
                    __xenctl_words "v|$pos[2]"
                else
                    __xenctl_words "s|$noun $pos[2]"
                end
        end
    else
        set -l slots (__xenctl_words "p|$key")
        set -l n (math (count $pos) - (count (string split ' ' -- $key)) + 1)
        set -l slot ''
        if test $n -le (count $slots)
            set slot $slots[$n]
        else if test (count $slots) -gt 0; and string match -q -- '*\*' $slots[-1]
            set slot $slots[-1]
        end
        set slot (string replace -r '\*$' '' -- $slot)
        test -n "$slot"; and test "$slot" != '-'; and __xenctl_slot $slot "$noun" "$cur" ''
    end
end

complete -c xenctl -f -a '(__xenctl_complete)'
`;

export function fishScript(data: CompletionData): string {
  const entries = completionEntries(data);
  const cases = entries.map(([k, v]) => `        case ${sq(k)}\n            echo ${sq(v)}`).join('\n');
  return `# fish completion for xenctl. Generated from the command specs by scripts/gen-docs.ts: do not edit.
# Install: copy it to ~/.config/fish/completions/xenctl.fish.
function __xenctl_t
    switch $argv[1]
${cases}
        case '*'
            return 1
    end
end
${LOGIC}`;
}
