"""dlprep.torchref: PyTorch reference implementations, one technique per module.

Each module reads top to bottom (nanoGPT style): a config dataclass where it helps, the
governing equation in the docstring, shape comments on every tensor that changes shape.
Topics show this code through ``include`` blocks and the labs (``dlprep.labs``) run it.
Among the modules (each file's docstring says what it implements):

    training      device choice, seeding, minibatches, the train / evaluate loop, autocast
    mlp           softmax regression and the multi-layer perceptron
    cnn           a small CNN for 28x28 digits
    augmentation  random translation of image batches
    distillation  the knowledge-distillation loss (Hinton et al., 2015)
    resnet        residual blocks and their plain counterparts (He et al., 2016)

Nothing is imported here, so ``import dlprep.torchref.cnn`` pulls in only what it needs.
"""
