"""Builds liquidbot._core with the repository's CMake build (needs cmake, a C++20 compiler,
pybind11-dev and the library's -dev packages; no network).

    pip install --no-build-isolation --no-index ./bindings/python
"""
import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


class CMakeBuild(build_ext):
    """Configures the repository with only the Python module enabled and builds it."""

    def build_extension(self, ext):
        if not (ROOT / "CMakeLists.txt").exists():
            raise RuntimeError(f"liquidbot: the repository root is not at {ROOT}; install from a checkout")
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        build_dir.mkdir(parents=True, exist_ok=True)
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
                     "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}",
                     "-DLIQUIDBOT_BUILD_PYTHON=ON", "-DLIQUIDBOT_BUILD_TESTS=OFF",
                     "-DLIQUIDBOT_BUILD_BENCHMARKS=OFF", "-DLIQUIDBOT_BUILD_EXAMPLES=OFF",
                     "-DLIQUIDBOT_BUILD_TOOLS=OFF", "-DLIQUIDBOT_BUILD_FUZZERS=OFF"]
        if shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.run(configure, check=True)
        jobs = os.environ.get("LIQUIDBOT_BUILD_JOBS", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "liquidbot_python", "-j", jobs],
                       check=True)
        built = next((build_dir / "bindings" / "python" / "liquidbot").glob("_core*.so"))
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)


setup(ext_modules=[Extension("liquidbot._core", sources=[])], cmdclass={"build_ext": CMakeBuild})
