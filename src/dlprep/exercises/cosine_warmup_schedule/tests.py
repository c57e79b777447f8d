from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    sched = (0.1, 10, 110)  # base_lr, warmup_steps, total_steps
    return [
        Case("example: half-way through the warmup", args=(5, *sched), public=True),
        Case("example: half-way through the cosine", args=(60, *sched), public=True),
        Case("step 0 starts at 0", args=(0, *sched)),
        Case("the end of the warmup is the peak", args=(10, *sched)),
        Case("a quarter of the cosine, with min_lr", args=(35, *sched), kwargs={"min_lr": 0.01}),
        Case("one step before the end", args=(109, *sched), kwargs={"min_lr": 0.001}),
        Case("the last step reaches min_lr", args=(110, *sched), kwargs={"min_lr": 0.001}),
        Case("past total_steps it stays at min_lr", args=(150, *sched), kwargs={"min_lr": 0.001}),
        Case("no warmup: step 0 is base_lr", args=(0, 0.5, 0, 20)),
        Case("no warmup, a later step", args=(7, 0.5, 0, 20), kwargs={"min_lr": 0.05}),
    ]
