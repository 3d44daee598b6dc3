"""The real bash, zsh and fish, asked what they complete for a command line.

``require_shell(name)`` skips a test when the shell is absent, except in CI (``CI`` set, as
``.ci/run`` does after installing zsh and fish), where a missing shell is a failure. Each
``*_completions(script, line)`` loads a completion script the way its shell's users do and
returns the candidates the shell offers for ``line`` (a trailing space completes a new word), in
the script's directory.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.browser import in_ci

TIMEOUT = 60.0

# bash: the words of the line in COMP_WORDS, as readline hands them to a completion function.
BASH = r"""
source "$1"
read -ra COMP_WORDS <<< "$2"
[[ $2 == *' ' ]] && COMP_WORDS+=('')
COMP_LINE=$2 COMP_POINT=${#2} COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
complete -p policylint >/dev/null || exit 3
function=$(complete -p policylint | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
"$function" policylint "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"""

# zsh: an interactive zsh in a pseudo-terminal (zsh/zpty) with compsys loaded from fpath,
# where the script is installed as _policylint; TAB runs the real completion widget, and
# compadd is wrapped to print each candidate between \x01 and \x02 (\x03 ends the list).
ZSH_SETUP = r"""
PROMPT= RPROMPT=
autoload -U compinit && compinit -u -D
compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a hits
  builtin compadd -A hits "$@"
  local code=$? hit
  for hit in $hits; do print -r -- $'\x01'$hit$'\x02'; done
  return code
}
comppostfuncs=(_completion_done)
_completion_done () { print -r -- $'\x03'; exit }
bindkey '^I' complete-word
"""
ZSH_DRIVER = r"""
zmodload zsh/zpty || exit 3
zpty shell zsh -f -i
zpty -w shell "fpath=(${(q)1} \$fpath); source ${(q)2}"
zpty -n -w shell "$3"$'\t'
while zpty -r shell line; do
  [[ $line == *$'\x03'* ]] && break
  [[ $line == *$'\x01'*$'\x02'* ]] && { line=${line#*$'\x01'}; print -r -- ${line%%$'\x02'*}; }
done
zpty -d shell
"""


def require_shell(name: str) -> str:
    """The shell's path; skips the test without it, or fails it in CI."""
    path = shutil.which(name)
    if path is not None:
        return path
    if in_ci():
        pytest.fail(f"{name} is not installed: its completion cannot be tested (CI is set)")
    pytest.skip(f"{name} is not installed (apt-get install {name})")


def bash_completions(script: Path, line: str) -> list[str]:
    command = [require_shell("bash"), "--norc", "-c", BASH, "bash", str(script), line]
    return _lines(command, script.parent)


def zsh_completions(script: Path, line: str) -> list[str]:
    functions = script.parent / "zsh-functions"
    functions.mkdir(exist_ok=True)
    shutil.copyfile(script, functions / "_policylint")
    setup, driver = script.parent / "setup.zsh", script.parent / "driver.zsh"
    setup.write_text(ZSH_SETUP)
    driver.write_text(ZSH_DRIVER)
    command = [require_shell("zsh"), "-f", str(driver), str(functions), str(setup), line]
    return _lines(command, script.parent)


def fish_completions(script: Path, line: str) -> list[str]:
    command = 'source $argv[1]; complete -C "$argv[2]"'
    fish = [require_shell("fish"), "--no-config", "-c", command, str(script), line]
    candidates = _lines(fish, script.parent)
    return [candidate.split("\t", 1)[0] for candidate in candidates]  # without descriptions


def _lines(command: list[str], cwd: Path) -> list[str]:
    proc = subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, timeout=TIMEOUT, stdin=subprocess.DEVNULL
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()
