// The memory lab's Python: what each demo models, as a reader would type it into CPython.

export const PYTHON = {
  'memory.sandbox': `a = [1, 2, 3]
b = a                  # a second note on the same list
c = list(a)            # a new list with the same items
a is b, a == c, a is c # (True, True, False)
import sys
sys.getrefcount(a)     # 3: a, b, and getrefcount's own argument
x = 257; y = 257; x is y   # True: one line, one constant
x = 257
y = 257
x is y                 # False at the >>> prompt: two lines, two objects`,
  'memory.cycles': `import gc, weakref
class Node: pass
gc.disable()
a, b = Node(), Node()
a.partner, b.partner = b, a   # a cycle: each keeps the other's count at 1
w = weakref.ref(a)
del a, b                       # no names left, but nothing is freed
w()                            # still alive
gc.collect()                   # 2: the collector finds the cycle
w()                            # None`,
  'memory.lazy': `import sys, tracemalloc
n = 1_000_000
squares = [x * x for x in range(n)]
sys.getsizeof(squares)            # 8,448,728: the list only
gen = (x * x for x in range(n))
sys.getsizeof(gen)                # 104 in 3.10, 208 in 3.11, 200 from 3.12
sum(gen); sum(gen)                # the second sum is 0: the generator is used up`,
  'memory.lazy-sweep': `import tracemalloc
for n in (10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000):
    tracemalloc.start(); sum([x * x for x in range(n)]); print(n, tracemalloc.get_traced_memory()[1]); tracemalloc.stop()`,
  'memory.layout': `class Point:
    __slots__ = ("x", "y", "z")   # remove this line for a __dict__ per object
import sys; sys.getsizeof(Point())`,
  'memory.layouts': `import sys, tracemalloc
class WithDict:  pass
class WithSlots: __slots__ = ("a", "b", "c")
sys.getsizeof(WithSlots())    # 56
tracemalloc.start()
objs = [WithDict() for _ in range(10_000)]
for o in objs: o.a = o.b = o.c = None
tracemalloc.get_traced_memory()[0] / 10_000   # about 96 (+8 for the list slot)`,
  'memory.heap': `import tracemalloc
tracemalloc.start()
blocks = [bytearray(64) for _ in range(200)]
del blocks[::2]              # holes: freed blocks between live ones
print(tracemalloc.get_traced_memory())`,
};
