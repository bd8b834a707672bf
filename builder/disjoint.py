"""Disjoint sets (union-find) over the integers ``0 .. n-1``, shared by the stages that join
things transitively: files into rough stories (clean), sentences into facts (align) and articles
into stories (group). Each subclass decides when and how two sets merge; this holds the parent
links and finds roots."""

from __future__ import annotations


class DisjointSets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The root of ``i``'s set (path halving keeps the trees flat)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """Merge the sets of ``i`` and ``j`` unconditionally."""
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[ri] = rj
