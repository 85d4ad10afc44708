"""Function transforms over Python functions of scalars: forward mode (:mod:`.forward`) and
JAX's set — grad, value_and_grad, jacobian, hessian, hvp (:mod:`.functional`)."""
