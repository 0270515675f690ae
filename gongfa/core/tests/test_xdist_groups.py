"""The suite relies on pytest-xdist's `--dist loadgroup` to run tests that share a costly world on
one worker (conftest.py groups them). A pytest release once made xdist drop every group silently
(pytest-xdist#1386): this fails the run when a group is not carried."""

import pytest


@pytest.mark.xdist_group("grouping-check")
def test_a_grouped_test_carries_its_group_under_loadgroup(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not running under xdist --dist loadgroup")
    assert request.node.nodeid.endswith("@grouping-check")
