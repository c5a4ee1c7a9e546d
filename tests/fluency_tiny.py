"""A tiny causal language model built on the spot for the fluency tests: no download, no packaged model.

A byte-level BPE tokenizer (GPT-2 style, like SmolLM2's: tokens carry their leading space) trained on a few news
sentences, and a two-layer Llama with random weights. Its scores mean nothing; the plumbing around them is real.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = [
    "South Korea confirmed today that it has pushed for the normalization of the agreement.",
    "The two sides agreed to put an end to a historical dispute over wartime forced labor.",
    "Victims of wartime job labor protested in Seoul on Monday, the U.S. embassy said.",
    '"We will win," he said. No. 2 official Kim agreed on Jan. 5 at 3 p.m. in Washington.',
    "SEOUL, March 21 (Yonhap) -- President Yoon Suk Yeol told a cabinet meeting that Japan had expressed remorse.",
]


def build_tiny_model(folder: Path, seed: int = 0) -> Path:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    bpe.train_from_iterator(CORPUS * 5, trainer)
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token="<|endoftext|>", eos_token="<|endoftext|>",
                                        unk_token="<|endoftext|>")
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=512,
                         bos_token_id=0, eos_token_id=0, tie_word_embeddings=True)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
