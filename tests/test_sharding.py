"""The CI example's shards (docs/ci/nightly.yml) together select every e2e test exactly once."""
import re

from detection.runner import run_pytest
from testlib.settings import PROJECT_ROOT

WORKFLOW = PROJECT_ROOT / "docs" / "ci" / "nightly.yml"


def collected(tmp_path, *args: str) -> list[str]:
    result = run_pytest(["e2e", "--collect-only", *args], tmp_path / "reports")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return [line.strip() for line in result.stdout.splitlines() if line.startswith("e2e/") and "::" in line]


def test_the_ci_examples_shards_select_every_test_exactly_once(tmp_path):
    workflow = WORKFLOW.read_text()
    shards = [int(shard) for shard in re.search(r"shard: \[([\d, ]+)\]", workflow).group(1).split(",")]
    num_shards = int(re.search(r"--num-shards (\d+)", workflow).group(1))
    assert shards == list(range(num_shards)), f"the matrix {shards} does not name shards 0 to {num_shards - 1}"

    everything = collected(tmp_path)
    by_shard = [collected(tmp_path, "--num-shards", str(num_shards), "--shard-id", str(shard)) for shard in shards]
    dealt = [test for tests in by_shard for test in tests]
    assert len(everything) > 100 and all(by_shard), [len(tests) for tests in by_shard]
    assert sorted(dealt) == sorted(everything), "some test runs in no shard, or in two"
