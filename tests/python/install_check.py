"""Install test: a fresh virtual environment (with Debian's site packages), an offline pip install
of bindings/python (no index, no build isolation), then `import liquidbot` outside the source
tree and one exact result (the worked snapshot's health factor)."""
import argparse
import pathlib
import shutil
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=pathlib.Path)
    parser.add_argument("--work", required=True, type=pathlib.Path)
    args = parser.parse_args()
    if args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True)
    venv = args.work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Build from a copy so the checkout stays clean (pip builds in-tree).
    src = args.work / "src"
    shutil.copytree(args.source, src, ignore=shutil.ignore_patterns(
        ".git", "build*", "node_modules", "*.pyc", "__pycache__"))
    subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index",
                    "--no-cache-dir", str(src / "bindings" / "python")], check=True)
    snapshot = args.source / "tests" / "data" / "snapshots" / "worked_v36.json"
    code = ("import liquidbot as lb, sys; s = lb.Snapshot.load(sys.argv[1]); "
            "hf = lb.account_data(s).health_factor; print(lb.__file__, hf); "
            "assert hf == 1177452469322038515, hf")
    out = subprocess.run([str(python), "-c", code, str(snapshot)], check=True, cwd=args.work,
                         capture_output=True, text=True)
    print(out.stdout.strip())
    if str(venv) not in out.stdout:
        print("liquidbot was not imported from the venv", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
