"""Our own PyTorch implementation of the operations `swift run -c release Bench` times.

Same shapes and the same algorithms as the Swift side (the reference versions, written
the way a PyTorch user would write them: autograd with create_graph for the teleport,
torch.linalg.pinv for the pseudo-inverses). It is run by the Bench executable, which
prints both sides and their ratios from the same run; `make bench-pytorch` sets up the
environment. Prints one JSON object: {operation: {dtype: wall microseconds per call, dtype_cpu: CPU
microseconds per call summed over threads}}. Torch uses as many threads as the machine has
cores, or BENCH_TORCH_THREADS when set.

Operations (MLP [784, 16, 10, 10], bias-free, LeakyReLU 0.1, mean cross-entropy):
  sgd_step  one SGD step on a batch of 20
  teleport  one teleport: action (C) on every layer pair, 10 ascent steps on ||grad L||^2, batch 200
  psi       the curvature of one orbit curve under action (B), batch 200, X+ known
  phi       the sharpness of one network: 20 probe batches of 200 x 20 radii
  phi_teleport  one inner step of the sharpness teleport (J and its gradient in T): action (C),
            batch 2000, radii 0.1 ... 0.9 with 10 directions each (90 perturbed passes)
"""

import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

SLOPE = 0.1
DIMS = [784, 16, 10, 10]


def median_us(fn, iterations, repeats=7):
    """Medians over `repeats` rounds of the wall time and of the process CPU time
    (all threads) per call, in microseconds."""
    for _ in range(max(1, iterations // 10)):
        fn()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(iterations):
            fn()
        wall.append((time.perf_counter() - start) * 1e6 / iterations)
        cpu.append((time.process_time() - start_cpu) * 1e6 / iterations)
    return statistics.median(wall), statistics.median(cpu)


def linear_init(dims, gen, dtype):
    # nn.Linear(bias=False)'s default: uniform in +-1/sqrt(fan_in).
    ws = []
    for i in range(1, len(dims)):
        bound = 1 / dims[i - 1] ** 0.5
        ws.append((torch.rand(dims[i], dims[i - 1], generator=gen, dtype=dtype) * 2 - 1) * bound)
    return ws


def forward(ws, x):
    h = x
    for i, w in enumerate(ws):
        h = w @ h
        if i + 1 < len(ws):
            h = F.leaky_relu(h, SLOPE)
    return h


def loss_of(ws, x, labels):
    # One sample per column, as the paper's code: nll_loss(log_softmax(pred, dim=0).T, labels).
    return F.cross_entropy(forward(ws, x).T, labels)


def sgd_step_op(dtype, gen):
    ws = [w.requires_grad_() for w in linear_init(DIMS, gen, dtype)]
    x = torch.rand(784, 20, generator=gen, dtype=dtype)
    labels = torch.randint(0, 10, (20,), generator=gen)

    def step():
        loss = loss_of(ws, x, labels)
        grads = torch.autograd.grad(loss, ws)
        with torch.no_grad():
            for w, g in zip(ws, grads):
                w -= 1e-3 * g

    return step, 2000, 7


def projected_action(ws, x, elements):
    """Action (C) on every pair, later pairs seeing the moved network's activations."""
    ws = list(ws)
    h = x
    for m, g in enumerate(elements):
        u, v = ws[m + 1], ws[m]
        before = F.leaky_relu(v @ h, SLOPE)
        new_v = g @ v
        after = F.leaky_relu(new_v @ h, SLOPE)
        ws[m] = new_v
        ws[m + 1] = u @ before @ torch.linalg.pinv(after)
        h = F.leaky_relu(ws[m] @ h, SLOPE)
    return ws


def gradient_norm(ws, x, labels, create_graph):
    probes = [torch.zeros_like(w, requires_grad=True) for w in ws]
    loss = loss_of([w + p for w, p in zip(ws, probes)], x, labels)
    grads = torch.autograd.grad(loss, probes, create_graph=create_graph)
    return sum((g * g).sum() for g in grads)


def teleport_op(dtype, gen):
    ws0 = [w.detach() for w in linear_init(DIMS, gen, dtype)]
    x = torch.rand(784, 200, generator=gen, dtype=dtype)
    labels = torch.randint(0, 10, (200,), generator=gen)
    rate = 1e-4

    def teleport():
        ws = ws0
        for _ in range(10):
            ts = [torch.zeros(w.shape[0], w.shape[0], dtype=dtype, requires_grad=True) for w in ws[:-1]]
            eye = [torch.eye(t.shape[0], dtype=dtype) for t in ts]
            moved = projected_action(ws, x, [i + t for i, t in zip(eye, ts)])
            j = gradient_norm(moved, x, labels, create_graph=True)
            grads = torch.autograd.grad(j, ts)
            with torch.no_grad():
                ws = projected_action(ws, x, [i + rate * g for i, g in zip(eye, grads)])
        return gradient_norm(ws, x, labels, create_graph=False).item()

    return teleport, 2, 5


def psi_op(dtype, gen):
    ws = [w.detach() for w in linear_init(DIMS, gen, dtype)]
    x = torch.rand(784, 200, generator=gen, dtype=dtype)
    x_plus = torch.linalg.pinv(x)  # once per probe batch, shared across networks
    ms = []
    for w in ws[:-1]:
        m = torch.rand(w.shape[0], w.shape[0], generator=gen, dtype=dtype)
        ms.append(m / m.norm())

    def curve():
        first = [torch.zeros_like(w) for w in ws]
        second = [torch.zeros_like(w) for w in ws]
        h = x
        for m in range(len(ws) - 1):
            u, v, mm = ws[m + 1], ws[m], ms[m]
            h_plus = x_plus if m == 0 else torch.linalg.pinv(h)
            pre = v @ h
            z = F.leaky_relu(pre, SLOPE)
            slope = torch.where(pre > 0, 1.0, SLOPE).to(dtype)
            m2 = mm @ mm
            first[m + 1] = first[m + 1] - u @ mm
            second[m + 1] = second[m + 1] + u @ m2
            first[m] = first[m] + ((mm @ z) / slope) @ h_plus
            second[m] = second[m] + ((m2 @ z) / slope) @ h_plus
            h = z
        a = sum((f * f).sum() for f in first)
        b = sum((s * s).sum() for s in second)
        c = sum((f * s).sum() for f, s in zip(first, second))
        return (torch.clamp(a * b - c * c, min=0).sqrt() / a ** 1.5).item()

    return curve, 50, 7


def phi_op(dtype, gen, batches=20, radii=20):
    ws = [w.detach() for w in linear_init(DIMS, gen, dtype)]
    probes = [(torch.rand(784, 200, generator=gen, dtype=dtype), torch.randint(0, 10, (200,), generator=gen))
              for _ in range(batches)]
    rs = [0.0001 + 0.001 * i for i in range(radii)]

    def sharpness():
        total = 0.0
        with torch.no_grad():
            for x, labels in probes:
                for r in rs:
                    d = [torch.rand(w.shape, generator=gen, dtype=dtype) for w in ws]
                    norm = sum((e * e).sum() for e in d).sqrt()
                    perturbed = [w + r * e / norm for w, e in zip(ws, d)]
                    total += loss_of(perturbed, x, labels).item() / x.shape[1]
        return total / (batches * radii)

    return sharpness, 1, 5


def phi_teleport_op(dtype, gen, directions=10):
    ws = [w.detach() for w in linear_init(DIMS, gen, dtype)]
    x = torch.rand(784, 2000, generator=gen, dtype=dtype)
    labels = torch.randint(0, 10, (2000,), generator=gen)
    rs = [0.1 * i for i in range(1, 10)]

    def step():
        ts = [torch.zeros(w.shape[0], w.shape[0], dtype=dtype, requires_grad=True) for w in ws[:-1]]
        eye = [torch.eye(t.shape[0], dtype=dtype) for t in ts]
        moved = projected_action(ws, x, [i + t for i, t in zip(eye, ts)])
        total = 0.0
        for r in rs:
            for _ in range(directions):
                d = [torch.rand(w.shape, generator=gen, dtype=dtype) for w in ws]
                norm = sum((e * e).sum() for e in d).sqrt()
                total = total + loss_of([w + r * e / norm for w, e in zip(moved, d)], x, labels)
        j = 0.9 * total / (len(rs) * directions)
        grads = torch.autograd.grad(j, ts)
        return j.item(), grads

    return step, 1, 3


def main():
    threads = int(os.environ.get("BENCH_TORCH_THREADS", os.cpu_count() or 1))
    torch.set_num_threads(threads)
    only = set(sys.argv[1:])
    results = {"threads": threads, "torch": torch.__version__}
    for name, make in [("sgd_step", sgd_step_op), ("teleport", teleport_op), ("psi", psi_op), ("phi", phi_op),
                       ("phi_teleport", phi_teleport_op)]:
        if only and name not in only:
            continue
        results[name] = {}
        for label, dtype in [("float32", torch.float32), ("float64", torch.float64)]:
            gen = torch.Generator().manual_seed(2024)
            fn, iterations, repeats = make(dtype, gen)
            results[name][label], results[name][label + "_cpu"] = median_us(fn, iterations, repeats)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
