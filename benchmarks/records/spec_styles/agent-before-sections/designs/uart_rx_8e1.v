module top_module (
    input clk,
    input reset,
    input rx,
    output reg [7:0] data,
    output reg valid,
    output reg perr,
    output reg ferr
);

    // State machine states
    typedef enum {IDLE, DATA, PARITY, STOP} state_t;
    state_t state = IDLE;

    // Variables to hold the current byte and its parity
    reg [7:0] current_byte = 8'h00;
    reg parity = 0;

    // Variables to hold the error flags

    // Register to hold the last received byte
    reg [7:0] last_byte = 8'h00;

    // Register to hold the last received byte's parity
    reg last_parity = 0;

    // Register to hold the last received byte's stop bit
    reg last_stop = 0;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received byte's parity error flag
    reg last_perr = 2'b00;

    // Register to hold the last received byte's stop bit error flag
    reg last_ferr = 2'b00;

    // Register to hold the last received byte's valid flag
    reg last_valid = 2'b00;

    // Register to hold the last received
endmodule
