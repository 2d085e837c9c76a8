"""Programs for the async lab's tests: fixed ones covering every construct of the subset, and a generator
of random ones (tasks with random sleeps incl. ties and sleep(0), gathers, cancels, timeouts)."""
import json
import os

HERE = os.path.dirname(__file__)
PRESETS = os.path.join(HERE, "..", "..", "web", "labs", "async", "presets.json")


def presets():
    """The page's preset programs: {name: program}."""
    with open(PRESETS, encoding="utf-8") as f:
        return {p["name"]: p["program"] for p in json.load(f)}


FIXED = {
    "sleep ties, sleep(0) and the FIFO ready queue": """
import asyncio

async def w(name, d):
    print(name, 'start', now())
    await asyncio.sleep(d)
    print(name, 'woke', now())
    await asyncio.sleep(0)
    print(name, 'again', now())
    return name

async def main():
    ts = [asyncio.create_task(w(f"t{i}", [0.5, 0, 0.5, 0.2, 0.5, 0][i])) for i in range(6)]
    print(await asyncio.gather(*ts))
    print(await asyncio.gather())

asyncio.run(main())
""",
    "await as an expression, inline coroutines, return values": """
import asyncio

async def value(x, d):
    await asyncio.sleep(d)
    return x * 2

async def main():
    t = asyncio.create_task(value(5, 1))
    print('a', await t, now(), await value(3, 0.5), now())
    print(await t, t.done(), t.cancelled(), t.result())
    total = 0
    for i in range(4):
        total += await value(i, 0)
    print('total', total, [await value(1, 0), 2], now())

asyncio.run(main())
""",
    "cancel a sleeping task; finally and CancelledError": """
import asyncio

async def worker():
    try:
        print('working', now())
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print('cancelled with', repr(e), now())
        raise
    finally:
        print('cleanup', now())

async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    print('cancel returns', t.cancel('stop'))
    try:
        await t
    except asyncio.CancelledError as e:
        print('main saw', repr(e), t.cancelled())
    print('cancel again', t.cancel())

asyncio.run(main())
""",
    "cancel before the first step": """
import asyncio

async def never():
    print('never printed')

async def main():
    t = asyncio.create_task(never())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError as e:
        print('cancelled before it ran', repr(e))
    print(t.cancelled())

asyncio.run(main())
""",
    "a task that swallows its cancellation": """
import asyncio

async def stubborn():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print('ignoring the cancel', now())
    await asyncio.sleep(1)
    return 'finished anyway'

async def main():
    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0)
    t.cancel()
    print(await t, now(), t.cancelled())

asyncio.run(main())
""",
    "wait_for timeout and success": """
import asyncio

async def slow(d):
    try:
        await asyncio.sleep(d)
        return d
    finally:
        print('slow', d, 'ends at', now())

async def main():
    print(await asyncio.wait_for(slow(1), timeout=2), now())
    try:
        await asyncio.wait_for(slow(5), timeout=1.5)
    except asyncio.TimeoutError as e:
        print('timed out', repr(e), now())
    try:
        await asyncio.wait_for(slow(3), 0)
    except asyncio.TimeoutError:
        print('zero timeout', now())
    print(await asyncio.wait_for(slow(0.5), None), now())

asyncio.run(main())
""",
    "builtin TimeoutError vs asyncio.TimeoutError": """
import asyncio

async def main():
    try:
        await asyncio.wait_for(asyncio.sleep(3), timeout=1)
    except TimeoutError:
        print('caught as the builtin TimeoutError', now())
    print('same class:', asyncio.TimeoutError is TimeoutError)

asyncio.run(main())
""",
    "wait_for racing a task": """
import asyncio

async def ticker(n):
    for i in range(n):
        print('tick', i, now())
        await asyncio.sleep(0.5)
    return n

async def main():
    t = asyncio.create_task(ticker(3))
    other = asyncio.create_task(ticker(2))
    try:
        print('result', await asyncio.wait_for(t, timeout=1))
    except asyncio.TimeoutError:
        print('timeout', now(), t.cancelled())
    print(await other, now())

asyncio.run(main())
""",
    "gather: first exception, return_exceptions, a cancelled child": """
import asyncio

async def ok(d):
    await asyncio.sleep(d)
    print('ok', d, now())
    return d

async def bad(d):
    await asyncio.sleep(d)
    raise ValueError(f'bad {d}')

async def main():
    try:
        await asyncio.gather(ok(1), bad(0.5), ok(2))
    except ValueError as e:
        print('gather raised', e, now())
    print(await asyncio.gather(ok(0.1), bad(0.2), return_exceptions=True))
    t = asyncio.create_task(ok(3))
    g = asyncio.gather(t, ok(0.3), return_exceptions=True)
    await asyncio.sleep(0.1)
    t.cancel('halt')
    print(await g, now())
    await asyncio.sleep(3)

asyncio.run(main())
""",
    "cancel a gather": """
import asyncio

async def part(i):
    try:
        await asyncio.sleep(i)
        return i
    finally:
        print('part', i, 'done at', now())

async def main():
    g = asyncio.gather(part(1), part(2))
    await asyncio.sleep(1.5)
    print('cancel', g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print('gather cancelled', now(), g.cancelled())

asyncio.run(main())
""",
    "time.sleep blocks every task": """
import asyncio
import time

async def ticker(name):
    for i in range(3):
        print(name, i, now())
        await asyncio.sleep(0.5)

async def blocker():
    await asyncio.sleep(0.2)
    print('blocking for 2 s at', now())
    time.sleep(2)
    print('unblocked at', now())

async def main():
    await asyncio.gather(ticker('a'), blocker(), ticker('b'))
    print('all done at', now())

asyncio.run(main())
""",
    "uncaught exception keeps the output": """
import asyncio

async def main():
    print('before')
    await asyncio.sleep(1)
    print('at', now())
    x = [1, 2, 3]
    print(x[5])

asyncio.run(main())
""",
    "a pending task is cancelled when main returns": """
import asyncio

async def background():
    try:
        while True:
            print('beat', now())
            await asyncio.sleep(1)
    finally:
        print('background cancelled at', now())

async def main():
    asyncio.create_task(background())
    await asyncio.sleep(2.5)
    print('main returns', now())

asyncio.run(main())
""",
    "async with and async for over classes": """
import asyncio

class Gate:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print('open', self.name, now())
        await asyncio.sleep(0.5)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.2)
        if exc_type:
            print('close', self.name, 'after', exc_type.__name__, exc)
            return True
        print('close', self.name, now())
        return False

class Countdown:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        await asyncio.sleep(0.1)
        self.n -= 1
        return self.n

async def main():
    async with Gate('g1') as g:
        print('inside', g.name, now())
    async with Gate('g2'):
        raise ValueError('suppressed')
    async for i in Countdown(3):
        print('count', i, now())
    print('end', now())

asyncio.run(main())
""",
    "asyncio.timeout (3.11+; AttributeError on 3.10)": """
import asyncio

async def main():
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(5)
    except TimeoutError as e:
        print('timeout', repr(e), now())
    async with asyncio.timeout(2):
        await asyncio.sleep(1)
    print('in time', now())

asyncio.run(main())
""",
    "TaskGroup (3.11+)": """
import asyncio

async def job(name, d):
    await asyncio.sleep(d)
    print(name, now())
    return name

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(job('a', 1))
        b = tg.create_task(job('b', 0.5))
        print('created', now())
    print(a.result(), b.result(), now())

asyncio.run(main())
""",
    "TaskGroup with a failing task": """
import asyncio

async def fail():
    await asyncio.sleep(0.5)
    raise ValueError('broken')

async def slow():
    try:
        await asyncio.sleep(3)
    finally:
        print('slow cancelled at', now())

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail())
            tg.create_task(slow())
    except ExceptionGroup as eg:
        print('group:', eg, eg.exceptions)

asyncio.run(main())
""",
    "sleep(0) interleaving and the timer heap": """
import asyncio

async def spin(name, n):
    for i in range(n):
        print(name, i)
        await asyncio.sleep(0)

async def timed(name, d):
    await asyncio.sleep(d)
    print(name, 'at', now())

async def main():
    ts = []
    for i in range(8):
        ts.append(asyncio.create_task(timed(f"x{i}", [0.3, 0.1, 0.3, 0.2, 0.1, 0.3, 0.1, 0.2][i])))
    await asyncio.gather(spin('p', 3), spin('q', 2), *ts)

asyncio.run(main())
""",
    "errors: names, types, zero division": """
import asyncio

async def main():
    try:
        print(1 // 0)
    except ZeroDivisionError as e:
        print('zde', e)
    try:
        print(undefined_name)
    except NameError as e:
        print('name', e)
    try:
        await 5
    except TypeError as e:
        print('type', e)
    print(7 // -2, -7 % 3, 7 / 2, 0.1 + 0.2, 10 % -3, 'ab' * 2, [1] + [2])

asyncio.run(main())
""",
    "return and break through async with, finally and except": """
import asyncio

class Res:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        await asyncio.sleep(0.1)
        print('enter', self.name, now())
        return self.name

    async def __aexit__(self, t, e, tb):
        await asyncio.sleep(0)
        print('exit', self.name, t, now())

async def early():
    async with Res('r1') as n:
        return n + '!'

async def looped():
    for i in range(5):
        async with Res(f'loop{i}'):
            if i == 1:
                break
    try:
        try:
            raise KeyError('k')
        except KeyError as e:
            print('handling', repr(e), str(e))
            raise RuntimeError('from handler')
        finally:
            print('inner finally')
    except RuntimeError as e:
        print('outer caught', e)
    try:
        return 'from try'
    finally:
        print('finally after return', now())

async def main():
    print(await early())
    print(await looped())
    r = await asyncio.gather(early(), looped(), return_exceptions=True)
    print(r)

asyncio.run(main())
""",
    "a task awaiting a task that is cancelled": """
import asyncio

async def inner():
    try:
        await asyncio.sleep(10)
    finally:
        print('inner cleanup', now())

async def outer(t):
    try:
        await t
    except asyncio.CancelledError:
        print('outer saw the cancel', now())
        return 'outer survived'

async def main():
    t = asyncio.create_task(inner())
    o = asyncio.create_task(outer(t))
    await asyncio.sleep(1)
    o.cancel()
    print(await o, t.cancelled(), now())
    t2 = asyncio.create_task(inner())
    await asyncio.sleep(0)
    t2.cancel('m1')
    t2.cancel('m2')
    r = await asyncio.gather(t2, return_exceptions=True)
    print(r, now())

asyncio.run(main())
""",
    "many tasks with equal deadlines": """
import asyncio

async def w(i):
    await asyncio.sleep(1 if i % 3 else 0.5)
    return i

async def main():
    ts = [asyncio.create_task(w(i)) for i in range(300)]
    done = []
    for t in ts:
        done.append(await t)
    print(len(done), sum(done), now())

asyncio.run(main())
""",
}


def random_program(rng):
    """A random program in the subset: workers with random sleeps (ties and zeros common), blocking sleeps,
    raises, try/finally; main creates tasks, cancels some, waits with gather / wait_for / timeout."""
    delays = ["0", "0", "0.1", "0.2", "0.5", "1", "0.25", "1.5"]
    lines = ["import asyncio", "import time", "",
             "class Gate:",
             "    def __init__(self, name, delay, swallow):",
             "        self.name = name",
             "        self.delay = delay",
             "        self.swallow = swallow",
             "",
             "    async def __aenter__(self):",
             "        await asyncio.sleep(self.delay)",
             "        print('enter', self.name, now())",
             "        return self",
             "",
             "    async def __aexit__(self, exc_type, exc, tb):",
             "        await asyncio.sleep(self.delay)",
             "        print('exit', self.name, exc_type.__name__ if exc_type else None, now())",
             "        return self.swallow",
             ""]
    nworkers = rng.randrange(1, 5)
    for w in range(nworkers):
        lines.append(f"async def w{w}(tag):")
        body = []
        for k in range(rng.randrange(1, 5)):
            op = rng.randrange(11)
            if op < 5:
                body.append(f"await asyncio.sleep({rng.choice(delays)})")
            elif op == 5:
                body.append(f"time.sleep({rng.choice(['0.1', '0.3'])})")
            elif op == 6:
                body.append(f"if tag == {rng.randrange(4)}:")
                body.append(f"    raise ValueError('w{w} failed')")
            else:
                body.append("await asyncio.sleep(0)")
            body.append(f"print('w{w}', tag, {k}, now())")
        if rng.random() < 0.5:
            lines.append("    try:")
            lines += ["        " + b for b in body]
            lines.append("    finally:")
            lines.append(f"        print('w{w} finally', tag, now())")
        else:
            lines += ["    " + b for b in body]
        lines.append(f"    return tag * {w + 1}")
        lines.append("")
    lines.append("async def main():")
    lines.append("    tasks = []")
    for j in range(rng.randrange(1, 6)):
        lines.append(f"    tasks.append(asyncio.create_task(w{rng.randrange(nworkers)}({j})))")
    for _ in range(rng.randrange(0, 5)):
        op = rng.randrange(11)
        if op == 0:
            lines.append(f"    await asyncio.sleep({rng.choice(delays)})")
            lines.append(f"    print('cancel', tasks[0].cancel(), now())")
        elif op == 1:
            lines.append("    try:")
            lines.append(f"        print('wait_for', await asyncio.wait_for(w{rng.randrange(nworkers)}(9), "
                         f"timeout={rng.choice(['0.3', '0.5', '1', '2'])}), now())")
            lines.append("    except asyncio.TimeoutError:")
            lines.append("        print('timeout', now())")
            lines.append("    except ValueError as e:")
            lines.append("        print('error', e, now())")
        elif op == 2:
            lines.append("    try:")
            lines.append(f"        print('gather', await asyncio.gather(w{rng.randrange(nworkers)}(7), "
                         f"w{rng.randrange(nworkers)}(8)), now())")
            lines.append("    except ValueError as e:")
            lines.append("        print('gather error', e, now())")
        elif op == 3:
            lines.append(f"    await asyncio.sleep({rng.choice(delays)})")
            lines.append(f"    if len(tasks) > {rng.randrange(3)}:")
            lines.append(f"        tasks[-1].cancel()")
        elif op == 4:
            lines.append(f"    time.sleep({rng.choice(['0.2', '0.5'])})")
            lines.append("    print('main blocked until', now())")
        elif op == 6:
            lines.append("    try:")
            lines.append("        async with asyncio.TaskGroup() as tg:")
            lines.append(f"            g1 = tg.create_task(w{rng.randrange(nworkers)}({rng.randrange(5)}))")
            lines.append(f"            g2 = tg.create_task(w{rng.randrange(nworkers)}({rng.randrange(5)}))")
            lines.append("        print('group', g1.result(), g2.result(), now())")
            lines.append("    except BaseException as e:")
            lines.append("        print('group raised', type(e).__name__, e, now())")
        elif op == 7:
            lines.append("    try:")
            lines.append(f"        async with asyncio.timeout({rng.choice(['0', '0.2', '0.5', '1'])}):")
            lines.append(f"            print('in time', await w{rng.randrange(nworkers)}(5), now())")
            lines.append("    except BaseException as e:")
            lines.append("        print('timeout block', type(e).__name__, now())")
        elif op == 8:
            lines.append("    try:")
            lines.append(f"        print('wait_for task', await asyncio.wait_for(tasks[-1], "
                         f"{rng.choice(['0', '0.2', '0.5', '1', 'None'])}), now())")
            lines.append("    except BaseException as e:")
            lines.append("        print('wait_for task raised', type(e).__name__, now())")
        elif op == 10:
            lines.append("    try:")
            lines.append(f"        async with Gate('g{rng.randrange(9)}', {rng.choice(delays)}, {rng.choice(['True', 'False'])}) as g:")
            lines.append(f"            print('inside', g.name, await w{rng.randrange(nworkers)}({rng.randrange(5)}), now())")
            lines.append("    except ValueError as e:")
            lines.append("        print('gate let through', e, now())")
        elif op == 9:
            lines.append(f"    await asyncio.sleep({rng.choice(delays)})")
            lines.append(f"    print('cancel with a message', tasks[0].cancel('why {rng.randrange(9)}'), now())")
        else:
            lines.append("    try:")
            lines.append(f"        print('awaited', await tasks[0], now())")
            lines.append("    except BaseException as e:")
            lines.append("        print('awaited raised', type(e).__name__, now())")
    lines.append("    results = await asyncio.gather(*tasks, return_exceptions=True)")
    lines.append("    print('results', results, now())")
    lines.append("")
    lines.append("asyncio.run(main())")
    return "\n".join(lines) + "\n"
