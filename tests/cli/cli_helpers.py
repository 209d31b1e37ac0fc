"""Helpers shared by the CLI tests: running the `liquidbot` program (path in env LIQUIDBOT_CLI) and
evaluating ethers v6 code with node in LIQUIDBOT_JS_DIR (the test-bed node_modules).

The test files import these names with `from cli_helpers import ...`: pytest's default import mode
puts this folder on sys.path before importing a test module from it. (A distinct module name, not
conftest.py, so that a pytest session collecting tests/cli together with tests/python, which has its
own conftest.py, still imports the right helpers.)"""
import json
import os
import pathlib
import subprocess

CLI = os.environ.get("LIQUIDBOT_CLI", "liquidbot")
JS_DIR = pathlib.Path(os.environ.get("LIQUIDBOT_JS_DIR", pathlib.Path(__file__).parents[1] / "js"))


def run(*args, timeout=60):
    """Runs `liquidbot *args`; returns the CompletedProcess (text stdout/stderr)."""
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def ok(*args):
    """A successful run: exit 0, nothing on stderr; returns stdout as printed."""
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def ok_line(*args):
    """A successful run; returns stdout without surrounding whitespace."""
    return ok(*args).strip()


def bad(*args):
    """Bad input: exit 2, nothing on stdout, exactly one stderr line, which is returned."""
    result = run(*args)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def ethers(script, payload):
    """Runs the (possibly async) function `script` on `payload` with `ethers` in scope; returns its
    JSON result (bigints become decimal strings)."""
    program = (
        "import('ethers').then(async ({ ethers }) => {"
        f"const input = {json.dumps(payload)};"
        f"const result = await ({script})(input);"
        "console.log(JSON.stringify(result, (k, v) => typeof v === 'bigint' ? v.toString() : v));"
        "});"
    )
    result = subprocess.run(["node", "-e", program], cwd=JS_DIR, capture_output=True, text=True,
                            timeout=120, check=True)
    return json.loads(result.stdout)
