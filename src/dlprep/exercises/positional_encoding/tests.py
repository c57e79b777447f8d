from dlprep.exercises._harness import Case


def cases() -> list[Case]:
    return [
        Case("example", args=(3, 4), public=True),
        Case("one position", args=(1, 6)),
        Case("d_model 2", args=(5, 2)),
        Case("interleaved, not concatenated", args=(6, 8)),
        Case("odd d_model", args=(4, 5)),
        Case("long sequence", args=(64, 16)),
        Case("custom base", args=(7, 6), kwargs={"base": 100.0}),
    ]
