#!/bin/sh
# Installs an unpacked intranet bundle (make bundle) with no network: a virtual environment
# in .venv, every package from wheels/ and none from an index. Then: make run.
# Needs Debian's python3 (3.11) and python3-venv.
set -eu
cd "$(dirname "$0")"
if [ ! -d wheels ]; then
  echo "找不到 wheels/ 文件夹：请在解开的安装包目录中运行 ./install.sh" >&2
  exit 2
fi
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
  echo "需要 Python 3.11（安装包中的依赖是为 CPython 3.11 准备的）" >&2
  exit 2
}
test -x .venv/bin/python || "$PYTHON" -m venv .venv || {
  echo "无法建立虚拟环境：请先安装 python3-venv（apt-get install python3-venv）" >&2
  exit 2
}
.venv/bin/python -m pip install --quiet --no-index --find-links wheels -e .
# What make run checks before installing: the environment is ready.
touch .venv/.runtime
echo "安装完成。启动看板：make run（或 .venv/bin/streamlit run serve.py）"
