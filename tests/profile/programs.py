"""The value generator the profile lab's walk runs on, in Python (SplitMix64, as core/splitmix.hpp; make_value as
core/profile/profile.cpp). The programs themselves come from the C++ with each result, as the page shows them."""

MAKE_VALUE = '''
MASK = (1 << 64) - 1

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK
    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)
    def below(self, n):
        return self.next() % n

def make_value(nodes, seed, max_depth=40):
    rng = SplitMix64(seed)
    objs, depth, containers = [{}], [0], [0]
    for i in range(1, nodes):
        p = containers[rng.below(len(containers))]
        kind = rng.below(3)              # 0: dict, 1: list, 2: an int
        d = depth[p] + 1
        if d >= max_depth:
            kind = 2
        obj = {} if kind == 0 else [] if kind == 1 else i
        objs.append(obj)
        depth.append(d)
        if kind != 2:
            containers.append(i)
        if isinstance(objs[p], dict):
            objs[p][f"k{i}"] = obj
        else:
            objs[p].append(obj)
    return objs[0]
'''
