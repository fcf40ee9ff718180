/// Pure-Swift transformer-encoder inference: safetensors, tokenizers, BERT-family encoders on BLAS.
public enum TaskFlowInference {}
